import type { LedgerDb } from "./ledger-database.js";
import { unknownPool } from "./record-pool-failure.js";

/** A launch for the pool succeeded: the failure count and the back-off start again. */
export async function recordPoolSuccess(db: LedgerDb, poolKey: string, now: string): Promise<void> {
  const result = await db
    .updateTable("pools")
    .set({ failures: 0, retry_at: null, last_error: null, updated_at: now })
    .where("key", "=", poolKey)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw unknownPool(poolKey);
}
