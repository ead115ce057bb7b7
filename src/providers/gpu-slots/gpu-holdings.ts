/** GPUs one runner holds on one host. */
export interface GpuHolding {
  readonly runner: string;
  readonly host: string;
  readonly gpus: readonly string[];
}

/** Who holds which GPU: runner name → holding. Immutable; every change returns a new one. */
export type GpuHoldings = ReadonlyMap<string, GpuHolding>;

export const NO_HOLDINGS: GpuHoldings = new Map();

/** The GPU ids of `host` that some runner holds. */
export function heldGpus(holdings: GpuHoldings, host: string): Set<string> {
  const held = new Set<string>();
  for (const holding of holdings.values()) if (holding.host === host) for (const gpu of holding.gpus) held.add(gpu);
  return held;
}

/** The host's GPUs nobody holds, in inventory order. */
export function freeGpus(inventory: readonly string[], holdings: GpuHoldings, host: string): string[] {
  const held = heldGpus(holdings, host);
  return inventory.filter((gpu) => !held.has(gpu));
}

/**
 * The first `count` free GPUs of the host, or null when fewer are free. Exactly `count`: a
 * runner never gets more GPUs than its label asks for, and never one another runner holds.
 */
export function pickGpus(inventory: readonly string[], holdings: GpuHoldings, host: string, count: number): string[] | null {
  if (count === 0) return [];
  const free = freeGpus(inventory, holdings, host);
  return free.length < count ? null : free.slice(0, count);
}

/** The holdings with `holding` added; refuses (null) a GPU already held, so a slip can never double-book. */
export function holdGpus(holdings: GpuHoldings, holding: GpuHolding): GpuHoldings | null {
  const held = heldGpus(holdings, holding.host);
  if (holding.gpus.some((gpu) => held.has(gpu)) || holdings.has(holding.runner)) return null;
  return new Map(holdings).set(holding.runner, holding);
}

/** The holdings without `runner`'s: its GPUs are free again. */
export function releaseGpus(holdings: GpuHoldings, runner: string): GpuHoldings {
  if (!holdings.has(runner)) return holdings;
  const next = new Map(holdings);
  next.delete(runner);
  return next;
}

/**
 * Holdings rebuilt after a restart (even a kill -9) from what survives it: the labels of the
 * runners' containers (or the ledger's rows). Should two records claim one GPU, which only a
 * second dispatcher on the same host could cause, the first keeps it and the other is reported.
 */
export function rebuildHoldings(records: readonly GpuHolding[]): { holdings: GpuHoldings; conflicts: GpuHolding[] } {
  let holdings: GpuHoldings = NO_HOLDINGS;
  const conflicts: GpuHolding[] = [];
  for (const record of records) {
    const next = holdGpus(holdings, record);
    if (next === null) conflicts.push(record);
    else holdings = next;
  }
  return { holdings, conflicts };
}
