import { sql } from "kysely";
import { OffloadError } from "../errors/offload-error.js";
import type { LedgerDb } from "./ledger-database.js";

/** A launch for the pool failed: one more consecutive failure, and no launch before `retryAt`. */
export async function recordPoolFailure(db: LedgerDb, poolKey: string, error: string, retryAt: string, now: string): Promise<void> {
  const result = await db
    .updateTable("pools")
    .set({ failures: sql<number>`failures + 1`, retry_at: retryAt, last_error: error, updated_at: now })
    .where("key", "=", poolKey)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw unknownPool(poolKey);
}

export function unknownPool(poolKey: string): OffloadError {
  return new OffloadError("OFFLOAD_NOT_FOUND", `Pool '${poolKey}' in the ledger: a pool exists once a job routed to it was recorded`);
}
