import { sql } from "kysely";
import type { LedgerDb } from "./ledger-database.js";
import { IDLE_RUNNER_STATES } from "./records.js";

/** Per pool: queued jobs, and runners that can still take one (planned, registered, launched). */
export async function countPoolLoad(db: LedgerDb, poolKeys: readonly string[]): Promise<Map<string, { queued: number; idle: number }>> {
  const load = new Map(poolKeys.map((key) => [key, { queued: 0, idle: 0 }]));
  if (poolKeys.length === 0) return load;
  const queued = await db
    .selectFrom("jobs")
    .select(["pool_key", (eb) => eb.fn.countAll<number>().as("n")])
    .where("status", "=", sql.lit("queued"))
    .where("pool_key", "in", poolKeys)
    .groupBy("pool_key")
    .execute();
  const idle = await db
    .selectFrom("runners")
    .select(["pool_key", (eb) => eb.fn.countAll<number>().as("n")])
    .where("state", "in", IDLE_RUNNER_STATES)
    .where("pool_key", "in", poolKeys)
    .groupBy("pool_key")
    .execute();
  for (const row of queued) {
    const entry = load.get(row.pool_key ?? "");
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
export async function countOpenDemand(db: LedgerDb, poolKeys: readonly string[]): Promise<Map<string, number>> {
  const load = await countPoolLoad(db, poolKeys);
  return new Map([...load].map(([key, { queued, idle }]) => [key, queued - idle]));
}
