import { computeBackoffDelay, type BackoffPolicy } from "../providers/backoff.js";

/**
 * Pool backoff after consecutive failed launches: 2 s, 4 s, 8 s ... up to 5 minutes, jittered so
 * pools that failed together do not retry together. The reference dispatcher waited 30 s at least
 * and reset its count after every launch, so a runner that always died at boot was relaunched
 * forever; here the count only resets when a runner is launched and stays up.
 */
const POOL_LAUNCH_BACKOFF: BackoffPolicy = {
  baseMs: 2_000,
  maxMs: 300_000,
  factor: 2,
  jitter: 0.2,
  maxRetries: Number.POSITIVE_INFINITY,
  maxRetryAfterMs: Number.POSITIVE_INFINITY,
};

/** After this many consecutive failures a pool is stuck: it probes rarely instead of paying for a loop. */
export const STUCK_AFTER_FAILURES = 5;
const STUCK_PROBE_MS = 30 * 60_000;

export function launchBackoffMs(failures: number, random: () => number = Math.random): number {
  if (failures >= STUCK_AFTER_FAILURES) return STUCK_PROBE_MS;
  return computeBackoffDelay(failures, POOL_LAUNCH_BACKOFF, random());
}
