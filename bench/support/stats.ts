/** The q-quantile (0..1) of `values` by nearest rank; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Runs `task` over `items` with at most `concurrency` at once. */
export async function forEachConcurrently<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  });
  await Promise.all(workers);
}

/**
 * Starts `task` for item i at `i / ratePerSecond` seconds after the call (an open loop: arrivals
 * do not wait for earlier answers), never more than `concurrency` at once; returns how many
 * starts were late because that many were still unanswered.
 */
export async function forEachPaced<T>(items: readonly T[], ratePerSecond: number, concurrency: number, task: (item: T) => Promise<void>): Promise<number> {
  const started = performance.now();
  let running = 0;
  let late = 0;
  const freed: (() => void)[] = [];
  const tasks: Promise<void>[] = [];
  for (let i = 0; i < items.length; i++) {
    const due = started + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (running >= concurrency) {
      late++;
      await new Promise<void>((resolve) => freed.push(resolve));
    }
    running++;
    tasks.push(
      task(items[i] as T).finally(() => {
        running--;
        freed.shift()?.();
      }),
    );
  }
  await Promise.all(tasks);
  return late;
}
