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

/**
 * Waits after the n-th consecutive boot failure (compute ended in ERROR, or never came online):
 * none after the first, so a job whose first machine died gets a replacement at once; then 10 s,
 * 30 s, 60 s, and the stuck probe. An always-failing image thus gets at most 3 launches in the 30 s
 * after its first failure (issue #9 measured 4: 0, 4.0, 9.6 and 19.4 s), whatever the boot takes.
 * Jitter only lengthens a wait, so the bound holds.
 */
const BOOT_BACKOFF_MS = [0, 10_000, 30_000, 60_000] as const;

export function bootBackoffMs(failures: number, random: () => number = Math.random): number {
  if (failures >= STUCK_AFTER_FAILURES) return STUCK_PROBE_MS;
  const base = BOOT_BACKOFF_MS[Math.max(0, Math.min(failures, BOOT_BACKOFF_MS.length) - 1)] ?? 0;
  return Math.round(base * (1 + 0.2 * random()));
}
