import { sql } from "kysely";
import { readUnserved } from "./claim-demand.js";
import { countPoolLoad } from "./count-open-demand.js";
import type { LedgerDb } from "./ledger-database.js";
import { IDLE_RUNNER_STATES, type PoolDemand } from "./records.js";
import { readPools } from "./read-snapshot.js";
import { toRunnerRecord } from "./to-records.js";

/**
 * The pools whose queued jobs and idle runners differ, with what a decision needs: the oldest
 * unserved queued jobs for a deficit, the idle runners for a surplus. Counting in SQL instead of
 * reading every queued job and active runner kept a pass on every webhook cheap in the dispatch
 * benchmark (reading them took half of the dispatcher's CPU at 1000 queued jobs).
 */
export async function readDemand(db: LedgerDb): Promise<PoolDemand[]> {
  const keys = await poolKeysWithWork(db);
  const load = await countPoolLoad(db, keys);
  const unbalanced = keys.filter((key) => load.get(key)?.queued !== load.get(key)?.idle);
  const pools = await readPools(db, new Set(unbalanced));
  const demand: PoolDemand[] = [];
  for (const pool of pools) {
    const { queued, idle } = load.get(pool.key) ?? { queued: 0, idle: 0 };
    const difference = queued - idle;
    if (difference > 0) {
      demand.push({ pool, queued, idle, unserved: await readUnserved(db, pool.key, difference), surplus: null });
    } else {
      demand.push({ pool, queued, idle, unserved: [], surplus: await readSurplus(db, pool.key) });
    }
  }
  return demand;
}

async function poolKeysWithWork(db: LedgerDb): Promise<string[]> {
  const jobs = await db.selectFrom("jobs").select("pool_key").distinct().where("status", "=", sql.lit("queued")).where("pool_key", "is not", null).execute();
  const runners = await db.selectFrom("runners").select("pool_key").distinct().where("state", "in", IDLE_RUNNER_STATES).execute();
  return [...new Set([...jobs.map((j) => j.pool_key ?? ""), ...runners.map((r) => r.pool_key)])].filter((key) => key !== "");
}

async function readSurplus(db: LedgerDb, poolKey: string): Promise<NonNullable<PoolDemand["surplus"]>> {
  const runners = await db
    .selectFrom("runners")
    .selectAll()
    .where("pool_key", "=", poolKey)
    .where("state", "in", IDLE_RUNNER_STATES)
    .orderBy("created_at")
    .orderBy("name")
    .execute();
  const jobs = await db
    .selectFrom("jobs")
    .select("job_id")
    .where("status", "=", sql.lit("queued"))
    .where("pool_key", "=", poolKey)
    .orderBy("created_at")
    .orderBy("job_id")
    .execute();
  return { runners: runners.map(toRunnerRecord), queuedJobIds: jobs.map((j) => j.job_id) };
}
