import type { Ledger } from "../ledger/ledger.js";
import type { PoolRecord } from "../ledger/records.js";
import type { RefusedCount } from "../ledger/read-queue.js";
import { estimateIdleCostUsd } from "./estimate-idle-cost.js";

/** A pool with what it is asked for and what it has, as the API and the dashboard show it. */
export interface PoolView extends PoolRecord {
  /** Jobs offload will run and is waiting for, routed to the pool. */
  readonly queued: number;
  /** Runners not yet given a job (planned, registered, launched): supply for the queue. */
  readonly idle: number;
  /** Runners running a job. */
  readonly busy: number;
  /** When the pool tries to launch again after failures (ISO), or null when it is not backing off. */
  readonly nextTryAt: string | null;
  /** Runners beyond the queue (warm runners) and what they cost since launch, in USD at list price. */
  readonly idleBeyondQueue: number;
  readonly idleCostUsd: number;
}

export interface QueueView {
  readonly pools: readonly PoolView[];
  /** Jobs offload will run and is waiting for, in all pools. */
  readonly queued: number;
  /** Queued jobs offload refused, by reason: not in `queued`. */
  readonly refused: readonly RefusedCount[];
}

/**
 * Every pool with its counts from the ledger's one count (`Ledger.queue`), for `/api/pools`, the
 * dashboard and `offload status`; `/metrics` reads the same query.
 */
export async function readQueueView(ledger: Ledger, now: number): Promise<QueueView> {
  const [pools, queue] = await Promise.all([ledger.listPools(), ledger.queue()]);
  const facts = new Map(queue.pools.map((f) => [f.pool.key, f]));
  const views = pools.map((pool) => {
    const f = facts.get(pool.key);
    const nextTryAt = pool.retryAt !== null && Date.parse(pool.retryAt) > now ? pool.retryAt : null;
    const idleBeyondQueue = f === undefined ? 0 : Math.max(0, f.supply - f.queued);
    return { ...pool, queued: f?.queued ?? 0, idle: f?.supply ?? 0, busy: f?.busy ?? 0, nextTryAt, idleBeyondQueue, idleCostUsd: f === undefined ? 0 : estimateIdleCostUsd(f, now) };
  });
  return { pools: views, queued: views.reduce((n, p) => n + p.queued, 0), refused: queue.refused };
}
