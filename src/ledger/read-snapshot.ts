import type { Selectable } from "kysely";
import type { PoolsTable, RunnersTable } from "./ledger-database.js";
import type { PoolRecord, RunnerRecord } from "./records.js";
import { ACTIVE_STATES_SQL } from "./runner-states.js";
import { toPoolRecord, toRunnerRecord } from "./to-records.js";
import { placeholders, selectRows, type Transition } from "./transition.js";

/*
 * The three reads of a reconcile snapshot. Each is served by an index: `jobs_queued_by_pool`
 * covers the demand query (the status is a literal so SQLite can prove the partial index
 * applies), `runners_state` the supply query.
 */


/** Queued jobs routed to a pool, per pool key, oldest first. */
export function* readQueuedJobs(): Transition<Map<string, { jobId: number; createdAt: string }[]>> {
  const rows = yield* selectRows<{ job_id: number; created_at: string; pool_key: string }>(
    "select job_id, created_at, pool_key from jobs where status = 'queued' and pool_key is not null order by pool_key, created_at, job_id",
  );
  const queued = new Map<string, { jobId: number; createdAt: string }[]>();
  for (const row of rows) {
    let list = queued.get(row.pool_key);
    if (list === undefined) queued.set(row.pool_key, (list = []));
    list.push({ jobId: row.job_id, createdAt: row.created_at });
  }
  return queued;
}

/** Runners not in a terminal state, oldest first. */
export function* readActiveRunners(): Transition<RunnerRecord[]> {
  const rows = yield* selectRows<Selectable<RunnersTable>>(`select * from runners where state in (${ACTIVE_STATES_SQL}) order by created_at, name`);
  return rows.map(toRunnerRecord);
}

/** The pools with these keys, by key. */
export function* readPools(keys: ReadonlySet<string>): Transition<PoolRecord[]> {
  if (keys.size === 0) return [];
  const rows = yield* selectRows<Selectable<PoolsTable>>(`select * from pools where key in (${placeholders(keys.size)}) order by key`, [...keys]);
  return rows.map(toPoolRecord);
}
