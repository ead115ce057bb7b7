import { sql } from "kysely";
import type { LedgerDb } from "./ledger-database.js";
import type { PoolRecord, RunnerRecord } from "./records.js";
import { ACTIVE_RUNNER_STATES } from "./runner-states.js";
import { toPoolRecord, toRunnerRecord } from "./to-records.js";

/*
 * The three reads of a reconcile snapshot, run on every webhook. Each is served by an index:
 * `jobs_queued_by_pool` covers the demand query (the status is a literal so SQLite can prove the
 * partial index applies), `runners_state` the supply query.
 */

/** Queued jobs routed to a pool, per pool key, oldest first. */
export async function readQueuedJobs(db: LedgerDb): Promise<Map<string, { jobId: number; createdAt: string }[]>> {
  const rows = await db
    .selectFrom("jobs")
    .select(["job_id", "created_at", "pool_key"])
    .where("status", "=", sql.lit("queued"))
    .where("pool_key", "is not", null)
    .orderBy("pool_key")
    .orderBy("created_at")
    .orderBy("job_id")
    .execute();
  const queued = new Map<string, { jobId: number; createdAt: string }[]>();
  for (const row of rows) {
    const key = row.pool_key ?? "";
    let list = queued.get(key);
    if (list === undefined) queued.set(key, (list = []));
    list.push({ jobId: row.job_id, createdAt: row.created_at });
  }
  return queued;
}

/** Runners not in a terminal state, oldest first. */
export async function readActiveRunners(db: LedgerDb): Promise<RunnerRecord[]> {
  const rows = await db.selectFrom("runners").selectAll().where("state", "in", ACTIVE_RUNNER_STATES).orderBy("created_at").orderBy("name").execute();
  return rows.map(toRunnerRecord);
}

/** The pools with these keys, by key. */
export async function readPools(db: LedgerDb, keys: ReadonlySet<string>): Promise<PoolRecord[]> {
  if (keys.size === 0) return [];
  const rows = await db.selectFrom("pools").selectAll().where("key", "in", [...keys]).orderBy("key").execute();
  return rows.map(toPoolRecord);
}
