import type { Clock } from "../../src/clock/clock.js";

/** A clock whose sleeps return at once and are recorded; time moves only by what was slept. */
export interface RecordingClock extends Clock {
  readonly sleeps: number[];
}

export function createRecordingClock(startMs = Date.UTC(2026, 0, 1)): RecordingClock {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    iso: () => new Date(now).toISOString(),
    sleep: async (ms, signal) => {
      if (signal?.aborted === true) throw signal.reason;
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** A clock that moves only when `advance` is called; sleeps of 0 return at once. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  /** Sleeps still waiting. */
  pending(): number;
}

export function createManualClock(startMs = Date.UTC(2026, 0, 1)): ManualClock {
  let now = startMs;
  const timers = new Set<{ at: number; fire: () => void }>();
  return {
    now: () => now,
    iso: () => new Date(now).toISOString(),
    pending: () => timers.size,
    advance(ms) {
      now += ms;
      for (const timer of [...timers].sort((a, b) => a.at - b.at)) {
        if (timer.at <= now) timer.fire();
      }
    },
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted === true) return reject(signal.reason);
        if (ms <= 0) return resolve();
        const timer = {
          at: now + ms,
          fire: () => {
            timers.delete(timer);
            signal?.removeEventListener("abort", onAbort);
            resolve();
          },
        };
        const onAbort = (): void => {
          timers.delete(timer);
          reject(signal?.reason);
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        timers.add(timer);
      }),
  };
}
