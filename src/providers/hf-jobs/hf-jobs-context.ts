import type { Logger } from "pino";
import type { Clock } from "../../clock/clock.js";
import type { Secret } from "../../config/secret.js";
import { isOffloadError, OffloadError } from "../../errors/offload-error.js";
import type { BackoffPolicy } from "../backoff.js";
import { describeHfFailure } from "./describe-hf-failure.js";
import { HfApiError } from "./hf-api-error.js";
import { retryHfCall, type RetryRule } from "./retry-hf-call.js";
import { sendHfRequest, type HfRequest } from "./send-hf-request.js";

/** Everything one HF Jobs operation needs: where, as whom, and the injected effects. */
export interface HfJobsContext {
  readonly endpoint: string;
  readonly namespace: string;
  readonly dispatcherId: string;
  readonly clock: Clock;
  readonly log: Logger;
  /** Whole-call limit for non-streaming requests. */
  readonly requestTimeoutMs: number;
  /** Without `follow`, a log stream silent this long is taken as drained (huggingface_hub waits 5 s). */
  readonly logIdleMs: number;
  /** With `follow`, a log stream silent this long is re-checked against the job's stage (huggingface_hub: 120 s). */
  readonly logFollowIdleMs: number;
  /** With `follow`, a log stream with no new line for this long has the job's stage checked; an ended job stops the follow. */
  readonly logQuietMs: number;
  readonly backoff: BackoffPolicy;
  /** `${endpoint}/api/jobs/${namespace}/...segments`, each segment URL-encoded. */
  jobsUrl(...segments: string[]): string;
  /** One request, no retries; failures are `HfApiError`. */
  sendOnce(op: string, request: HfRequest, secrets?: readonly string[]): Promise<Response>;
  /** A request retried under `rule`; failures are `OffloadError`. */
  send(op: string, rule: RetryRule, request: HfRequest): Promise<Response>;
  retry<T>(op: string, rule: RetryRule, attempt: () => Promise<T>): Promise<T>;
  /** Any failure as the `OffloadError` callers get. */
  toOffloadError(error: unknown, op: string): OffloadError;
}

export interface HfJobsContextOptions {
  readonly endpoint: string;
  readonly token: Secret;
  readonly namespace: string;
  readonly dispatcherId: string;
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly log: Logger;
  readonly backoff: BackoffPolicy;
  readonly random: () => number;
  readonly requestTimeoutMs: number;
  readonly logIdleMs: number;
  readonly logFollowIdleMs: number;
  readonly logQuietMs: number;
}

export function createHfJobsContext(options: HfJobsContextOptions): HfJobsContext {
  const endpoint = options.endpoint.replace(/\/+$/, "");
  const sendDeps = { endpoint, token: options.token, fetch: options.fetch, clock: options.clock };
  const retryDeps = { clock: options.clock, backoff: options.backoff, random: options.random, log: options.log };
  const context: HfJobsContext = {
    endpoint,
    namespace: options.namespace,
    dispatcherId: options.dispatcherId,
    clock: options.clock,
    log: options.log,
    requestTimeoutMs: options.requestTimeoutMs,
    logIdleMs: options.logIdleMs,
    logFollowIdleMs: options.logFollowIdleMs,
    logQuietMs: options.logQuietMs,
    backoff: options.backoff,
    jobsUrl: (...segments) => [`${endpoint}/api/jobs`, options.namespace, ...segments].map((s, i) => (i === 0 ? s : encodeURIComponent(s))).join("/"),
    sendOnce: (op, request, secrets) => sendHfRequest(op, request, sendDeps, secrets),
    retry: async (op, rule, attempt) => {
      try {
        return await retryHfCall(op, rule, attempt, retryDeps);
      } catch (error) {
        throw context.toOffloadError(error, op);
      }
    },
    send: (op, rule, request) => context.retry(op, rule, () => sendHfRequest(op, request, sendDeps)),
    toOffloadError: (error, op) => {
      if (isOffloadError(error)) return error;
      if (error instanceof HfApiError) return describeHfFailure(error, options.namespace, endpoint);
      // A 2xx whose body is not what HF documents: report it as such, not as a network failure.
      return new OffloadError("OFFLOAD_PROVIDER_API", `HF Jobs ${op} got an unexpected answer for '${options.namespace}': ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    },
  };
  return context;
}
