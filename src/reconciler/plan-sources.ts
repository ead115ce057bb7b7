import type { PoolFacts } from "../ledger/pool-facts.js";
import type { PoolRecord } from "../ledger/records.js";
import type { PolicyHold, PoolPlanInput } from "./plan.js";

/** A warm pool's target now: idle runners to keep, and how long one may idle before it is replaced. */
export interface WarmTarget {
  readonly min: number;
  readonly maxIdleMs?: number;
}

/**
 * Where the planner's inputs beyond the ledger's facts come from. Each is optional; another part
 * of the dispatcher (policy, placement, a scale-set listener, configured fallbacks, warm pools)
 * supplies its own, and the planner reads all of them in one place. All must be synchronous and
 * cheap: the fast path calls them inside its claim transaction.
 */
export interface PlanSources {
  /** Warm targets by pool key at `now` (schedules applied). */
  readonly warm?: (now: number) => ReadonlyMap<string, WarmTarget>;
  /** Policy verdicts on a pool or its jobs (fork holds, budgets, allowlists). */
  readonly holds?: (pool: PoolRecord, facts: PoolFacts) => readonly PolicyHold[];
  /** At most this many more launches into the pool now, and why (placement capacity, limits). */
  readonly cap?: (pool: PoolRecord, facts: PoolFacts) => { readonly max: number; readonly reason: string } | undefined;
  /** Demand reported from outside (a runner scale set's `TotalAssignedJobs`), by pool key. */
  readonly reportedDemand?: (poolKey: string) => number | undefined;
  /** Pool key → the pool that takes its demand while it cannot launch. */
  readonly fallbacks?: ReadonlyMap<string, string>;
}

/** The planner's per-pool input from the ledger's facts, the open circuits and the sources. */
export function toPlanInputs(
  facts: readonly PoolFacts[],
  context: { now: number; circuit: (pool: PoolRecord) => string | null; sources: PlanSources; warm?: ReadonlyMap<string, WarmTarget> },
): PoolPlanInput[] {
  const { sources } = context;
  const warm = context.warm ?? sources.warm?.(context.now);
  return facts.map((f) => {
    const target = warm?.get(f.pool.key);
    const circuit = context.circuit(f.pool);
    const holds = sources.holds?.(f.pool, f);
    const cap = sources.cap?.(f.pool, f);
    const reported = sources.reportedDemand?.(f.pool.key);
    const fallback = sources.fallbacks?.get(f.pool.key);
    return {
      pool: f.pool,
      queued: f.queued,
      supply: f.supply,
      unserved: f.unserved,
      idle: f.idle,
      queuedJobIds: f.queuedJobIds,
      ...(target !== undefined && { warm: target.min }),
      ...(target?.maxIdleMs !== undefined && { maxIdleMs: target.maxIdleMs }),
      ...(circuit !== null && { circuit }),
      ...(holds !== undefined && holds.length > 0 && { holds }),
      ...(cap !== undefined && { cap }),
      ...(reported !== undefined && { reportedDemand: reported }),
      ...(fallback !== undefined && { fallback }),
    };
  });
}

/** Pool keys a claim for `keys` must lock and read: theirs and their fallbacks'. */
export function withFallbacks(keys: Iterable<string>, sources: PlanSources): string[] {
  const all = new Set(keys);
  for (const key of [...all]) {
    const fallback = sources.fallbacks?.get(key);
    if (fallback !== undefined) all.add(fallback);
  }
  return [...all];
}
