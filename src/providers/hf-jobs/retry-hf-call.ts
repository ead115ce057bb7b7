import type { Logger } from "pino";
import type { Clock } from "../../clock/clock.js";
import { decideRetry, type BackoffPolicy } from "../backoff.js";
import { HfApiError } from "./hf-api-error.js";

/** Statuses worth another try on calls that are safe to repeat (huggingface_hub's retry set). */
const IDEMPOTENT_RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/**
 * A create is repeated only when the server answered that it failed or is busy: after a network
 * error or a 408 the job may exist, and only the next launch's tag check can tell.
 */
const CREATE_RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

export type RetryRule = "idempotent" | "create";

export function isRetryableHfError(error: HfApiError, rule: RetryRule): boolean {
  if (error.status === null) return rule === "idempotent";
  return (rule === "idempotent" ? IDEMPOTENT_RETRY_STATUSES : CREATE_RETRY_STATUSES).has(error.status);
}

export interface RetryDeps {
  readonly clock: Clock;
  readonly backoff: BackoffPolicy;
  readonly random: () => number;
  readonly log: Logger;
}

/** Runs `attempt` until it succeeds, fails for good, or the policy gives up; the last `HfApiError` is rethrown. */
export async function retryHfCall<T>(op: string, rule: RetryRule, attempt: () => Promise<T>, deps: RetryDeps): Promise<T> {
  for (let retry = 1; ; retry += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof HfApiError)) throw error;
      const decision = decideRetry({
        attempt: retry,
        retryable: isRetryableHfError(error, rule),
        retryAfterMs: error.retryAfterMs,
        policy: deps.backoff,
        random: deps.random(),
      });
      if (!decision.retry) throw error;
      deps.log.debug({ op, status: error.status, retry, delayMs: decision.delayMs }, "retrying HF Jobs call");
      await deps.clock.sleep(decision.delayMs);
    }
  }
}
