/**
 * How long a pool waits after its `failures`-th consecutive failed launch: 2 s, 4 s, 8 s ... capped
 * at 5 minutes, with ±20 % jitter so pools that failed together do not retry together. The
 * reference dispatcher waited 30 s at least and reset its count after every launch, so a runner
 * that always died at boot was relaunched forever.
 */
export function launchBackoffMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(300_000, 1000 * 2 ** Math.max(1, Math.min(failures, 20)));
  const jitter = 1 + (random() * 0.4 - 0.2);
  return Math.round(base * jitter);
}
