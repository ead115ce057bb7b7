import { sql } from "kysely";
import type { LedgerDb } from "./ledger-database.js";
import { IDLE_RUNNER_STATES } from "./records.js";

/**
 * Per pool, queued jobs minus runners that can still take one (planned, registered, launched),
 * read inside the caller's transaction: positive means runners are missing, negative surplus.
 * Claims and cancels check it at commit time because the reconciler decided from a snapshot that
 * webhooks may have overtaken.
 */
export async function countOpenDemand(db: LedgerDb, poolKeys: readonly string[]): Promise<Map<string, number>> {
  const open = new Map<string, number>(poolKeys.map((key) => [key, 0]));
  if (poolKeys.length === 0) return open;
  const queued = await db
    .selectFrom("jobs")
    .select(["pool_key", (eb) => eb.fn.countAll<number>().as("n")])
    .where("status", "=", sql.lit("queued"))
    .where("pool_key", "in", poolKeys)
    .groupBy("pool_key")
    .execute();
  const supply = await db
    .selectFrom("runners")
    .select(["pool_key", (eb) => eb.fn.countAll<number>().as("n")])
    .where("state", "in", IDLE_RUNNER_STATES)
    .where("pool_key", "in", poolKeys)
    .groupBy("pool_key")
    .execute();
  for (const row of queued) open.set(row.pool_key ?? "", (open.get(row.pool_key ?? "") ?? 0) + Number(row.n));
  for (const row of supply) open.set(row.pool_key, (open.get(row.pool_key) ?? 0) - Number(row.n));
  return open;
}
