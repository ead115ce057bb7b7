import type { Logger } from "pino";

/** A piece of background work run every interval, never overlapping itself. */
export interface RepeatingTask {
  /** Runs now, or joins the run under way; never rejects (errors are logged). */
  runNow(): Promise<void>;
  /** Runs every `intervalMs` after the end of the previous run. */
  start(): void;
  /** Cancels the next run and waits for the one under way. */
  stop(): Promise<void>;
}

/**
 * The next run is scheduled from the end of the previous one, so a slow round (rate-limit waits,
 * a GitHub outage) delays the next instead of piling rounds up. A failure is logged and the next
 * round tries again.
 */
export function createRepeatingTask(options: { name: string; intervalMs: number; log: Logger; run: () => Promise<void> }): RepeatingTask {
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let started = false;

  const schedule = (): void => {
    if (!started) return;
    timer = setTimeout(() => {
      timer = null;
      void runNow().then(schedule);
    }, options.intervalMs);
    // The dispatcher's server keeps the process alive; a pending round must not.
    timer.unref();
  };
  const runNow = (): Promise<void> => {
    running ??= options
      .run()
      .catch((error: unknown) => options.log.warn({ err: error, task: options.name }, "background round failed; retrying next round"))
      .finally(() => {
        running = null;
      });
    return running;
  };

  return {
    runNow,
    start() {
      if (started) return;
      started = true;
      schedule();
    },
    async stop() {
      started = false;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
