/**
 * How long to wait before trying a failed call again: capped exponential growth with jitter.
 * Pure, so the HF Jobs client (per request) and the reconciler (per pool) share one policy shape
 * and tests can pin the random draw.
 */
export interface BackoffPolicy {
  /** Delay before the first retry, in milliseconds. */
  readonly baseMs: number;
  /** Largest delay the exponential growth may reach. */
  readonly maxMs: number;
  /** Growth per attempt (2 doubles). */
  readonly factor: number;
  /** Share of the delay that is random, 0..1: 0.5 waits between half and all of the computed delay. */
  readonly jitter: number;
  /** Retries after the first try; 3 means at most 4 calls. */
  readonly maxRetries: number;
  /** A server's Retry-After longer than this is not waited out inside one call: the caller fails and tries later. */
  readonly maxRetryAfterMs: number;
}

/** For calls made while a reconcile pass waits: a few quick tries, then leave it to the next pass. */
export const DEFAULT_REQUEST_BACKOFF: BackoffPolicy = {
  baseMs: 500,
  maxMs: 8_000,
  factor: 2,
  jitter: 0.5,
  maxRetries: 3,
  maxRetryAfterMs: 30_000,
};

/**
 * Delay before retry number `attempt` (1 for the first retry). `random` is a draw in [0, 1);
 * full jitter spreads retries of many callers so they do not hit a recovering server together.
 */
export function computeBackoffDelay(attempt: number, policy: BackoffPolicy, random: number): number {
  const exponent = Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxMs, policy.baseMs * policy.factor ** exponent);
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  const draw = Math.min(1, Math.max(0, random));
  return Math.round(capped * (1 - jitter + jitter * draw));
}

export type RetryDecision = { readonly retry: true; readonly delayMs: number } | { readonly retry: false; readonly reason: string };

/**
 * Whether to try retry number `attempt` and after how long. A server's Retry-After wins over the
 * computed delay when it is longer (RFC 9110 §10.2.3), unless it exceeds `maxRetryAfterMs`.
 */
export function decideRetry(input: {
  readonly attempt: number;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  readonly policy: BackoffPolicy;
  readonly random: number;
}): RetryDecision {
  const { attempt, retryable, retryAfterMs, policy, random } = input;
  if (!retryable) return { retry: false, reason: "not retryable" };
  if (attempt > policy.maxRetries) return { retry: false, reason: `gave up after ${policy.maxRetries} retries` };
  if (retryAfterMs !== null && retryAfterMs > policy.maxRetryAfterMs) {
    return { retry: false, reason: `server asked to wait ${Math.ceil(retryAfterMs / 1000)} s` };
  }
  const computed = computeBackoffDelay(attempt, policy, random);
  return { retry: true, delayMs: Math.max(computed, retryAfterMs ?? 0) };
}

/** Reads a Retry-After header (delay seconds or an HTTP date) as milliseconds from `nowMs`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null || value.trim() === "") return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}
