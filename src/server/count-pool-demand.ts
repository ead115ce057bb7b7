import { IDLE_RUNNER_STATES } from "../domain/runner-states.js";
import type { PoolRecord, ReconcileSnapshot } from "../ledger/records.js";

/** A pool with what it is asked for and what it has: the numbers the reconciler closes the gap between. */
export interface PoolDemand extends PoolRecord {
  /** Queued jobs routed to the pool. */
  readonly queued: number;
  /** Runners not yet given a job (planned, registered, launched): supply for the queue. */
  readonly idle: number;
  /** Runners running a job. */
  readonly busy: number;
}

/** Every pool with its queued / idle / busy counts from the snapshot (which holds only the pools with work). */
export function countPoolDemand(pools: readonly PoolRecord[], snapshot: Pick<ReconcileSnapshot, "queued" | "runners">): PoolDemand[] {
  return pools.map((pool) => {
    const runners = snapshot.runners.filter((runner) => runner.poolKey === pool.key);
    return {
      ...pool,
      queued: snapshot.queued.get(pool.key)?.length ?? 0,
      idle: runners.filter((runner) => IDLE_RUNNER_STATES.includes(runner.state)).length,
      busy: runners.filter((runner) => runner.state === "busy").length,
    };
  });
}
