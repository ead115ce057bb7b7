import type { LedgerDb } from "./ledger-database.js";
import type { PoolRecord } from "./records.js";
import { toPoolRecord } from "./to-records.js";

/** Every pool a job was ever routed to, by key. */
export async function listPools(db: LedgerDb): Promise<PoolRecord[]> {
  const rows = await db.selectFrom("pools").selectAll().orderBy("key").execute();
  return rows.map(toPoolRecord);
}
