import type { Selectable } from "kysely";
import type { RunnersTable } from "./ledger-database.js";
import type { PoolFacts } from "./pool-facts.js";
import { IDLE_STATES_SQL } from "./runner-states.js";
import { readPools } from "./read-snapshot.js";
import { toRunnerRecord } from "./to-records.js";
import { placeholders, selectRows, type Transition } from "./transition.js";

/**
 * The facts of the pools that have work (a queued job, a runner that can take one) and of the
 * pools in `alsoKeys` (warm pools with nothing yet, a fast path's pools): the one place demand and
 * supply are counted, for the planner, the dashboard, `/api/pools`, `offload status` and
 * `/metrics`. Counting in SQL instead of reading every queued job and active runner kept a pass
 * on every webhook cheap in the dispatch benchmark (reading them took half of the dispatcher's CPU
 * at 1000 queued jobs). With `onlyKeys`, only those pools (a fast path's claim).
 */
export function* readPoolFacts(options: { alsoKeys?: readonly string[]; onlyKeys?: readonly string[] } = {}): Transition<PoolFacts[]> {
  const keys = options.onlyKeys !== undefined ? [...new Set(options.onlyKeys)] : [...new Set([...(yield* poolKeysWithWork()), ...(options.alsoKeys ?? [])])];
  if (keys.length === 0) return [];
  const counts = yield* countPools(keys);
  const pools = yield* readPools(new Set(keys));
  const facts: PoolFacts[] = [];
  for (const pool of pools) {
    const { queued, supply, busy } = counts.get(pool.key) ?? { queued: 0, supply: 0, busy: 0 };
    const unserved = queued > supply ? yield* readUnserved(pool.key, queued - supply) : [];
    const idle = supply > queued ? yield* readSupplyRunners(pool.key) : [];
    const queuedJobIds = supply > queued && queued > 0 ? yield* readQueuedJobIds(pool.key) : [];
    facts.push({ pool, queued, supply, busy, unserved, idle, queuedJobIds });
  }
  return facts;
}

function* poolKeysWithWork(): Transition<string[]> {
  const jobs = yield* selectRows<{ pool_key: string }>("select distinct pool_key from jobs where status = 'queued' and pool_key is not null");
  const runners = yield* selectRows<{ pool_key: string }>(`select distinct pool_key from runners where state in (${IDLE_STATES_SQL}, 'busy')`);
  return [...new Set([...jobs.map((j) => j.pool_key), ...runners.map((r) => r.pool_key)])].filter((key) => key !== "");
}

/** Per pool: queued jobs, runners that can still take one (planned, registered, launched), busy runners. */
function* countPools(poolKeys: readonly string[]): Transition<Map<string, { queued: number; supply: number; busy: number }>> {
  const counts = new Map(poolKeys.map((key) => [key, { queued: 0, supply: 0, busy: 0 }]));
  const keys = placeholders(poolKeys.length);
  // The status is a literal so SQLite can prove the partial index `jobs_queued_by_pool` applies.
  const queued = yield* selectRows<{ pool_key: string; n: number }>(
    `select pool_key, count(*) as n from jobs where status = 'queued' and pool_key in (${keys}) group by pool_key`,
    poolKeys,
  );
  const runners = yield* selectRows<{ pool_key: string; state: string; n: number }>(
    `select pool_key, state, count(*) as n from runners where state in (${IDLE_STATES_SQL}, 'busy') and pool_key in (${keys}) group by pool_key, state`,
    poolKeys,
  );
  for (const row of queued) {
    const entry = counts.get(row.pool_key);
    if (entry !== undefined) entry.queued = Number(row.n);
  }
  for (const row of runners) {
    const entry = counts.get(row.pool_key);
    if (entry === undefined) continue;
    if (row.state === "busy") entry.busy += Number(row.n);
    else entry.supply += Number(row.n);
  }
  return counts;
}

/** The pool's oldest queued jobs that no supply runner was launched for. */
function* readUnserved(poolKey: string, limit: number): Transition<number[]> {
  const rows = yield* selectRows<{ job_id: number }>(
    "select job_id from jobs where status = 'queued' and pool_key = ? and job_id not in " +
      `(select for_job_id from runners where pool_key = ? and state in (${IDLE_STATES_SQL}) and for_job_id is not null) order by created_at, job_id limit ?`,
    [poolKey, poolKey, limit],
  );
  return rows.map((row) => Number(row.job_id));
}

function* readSupplyRunners(poolKey: string): Transition<PoolFacts["idle"]> {
  const rows = yield* selectRows<Selectable<RunnersTable>>(`select * from runners where pool_key = ? and state in (${IDLE_STATES_SQL}) order by created_at, name`, [poolKey]);
  return rows.map(toRunnerRecord);
}

function* readQueuedJobIds(poolKey: string): Transition<number[]> {
  const rows = yield* selectRows<{ job_id: number }>("select job_id from jobs where status = 'queued' and pool_key = ? order by created_at, job_id", [poolKey]);
  return rows.map((row) => Number(row.job_id));
}
