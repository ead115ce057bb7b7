/**
 * How long to wait before the `failures`-th attempt to reach the scale-set service again:
 * doubling from `baseMs`, at most `maxMs`. ARC's listener waits 30 s between session attempts
 * after a conflict (cmd/ghalistener/listener/listener.go l.250-256 @ 87938ee5); a network failure
 * starts shorter so a blip costs seconds, and grows so an outage does not hammer GitHub.
 */
export function sessionBackoffMs(failures: number, baseMs: number, maxMs: number): number {
  if (failures <= 0) return 0;
  return Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
}
