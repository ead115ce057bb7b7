import { IDLE_STATES_SQL } from "./runner-states.js";
import { placeholders, selectRows, type Transition } from "./transition.js";


/** Per pool: queued jobs, and runners that can still take one (planned, registered, launched). */
export function* countPoolLoad(poolKeys: readonly string[]): Transition<Map<string, { queued: number; idle: number }>> {
  const load = new Map(poolKeys.map((key) => [key, { queued: 0, idle: 0 }]));
  if (poolKeys.length === 0) return load;
  const keys = placeholders(poolKeys.length);
  // The status is a literal so SQLite can prove the partial index `jobs_queued_by_pool` applies.
  const queued = yield* selectRows<{ pool_key: string; n: number }>(
    `select pool_key, count(*) as n from jobs where status = 'queued' and pool_key in (${keys}) group by pool_key`,
    poolKeys,
  );
  const idle = yield* selectRows<{ pool_key: string; n: number }>(
    `select pool_key, count(*) as n from runners where state in (${IDLE_STATES_SQL}) and pool_key in (${keys}) group by pool_key`,
    poolKeys,
  );
  for (const row of queued) {
    const entry = load.get(row.pool_key);
    if (entry !== undefined) entry.queued = Number(row.n);
  }
  for (const row of idle) {
    const entry = load.get(row.pool_key);
    if (entry !== undefined) entry.idle = Number(row.n);
  }
  return load;
}

/**
 * Per pool, queued jobs minus runners that can still take one, read inside the caller's
 * transaction: positive means runners are missing, negative surplus. Claims and cancels check it
 * at commit time because the reconciler decided from a snapshot that webhooks may have overtaken.
 */
export function* countOpenDemand(poolKeys: readonly string[]): Transition<Map<string, number>> {
  const load = yield* countPoolLoad(poolKeys);
  return new Map([...load].map(([key, { queued, idle }]) => [key, queued - idle]));
}
