import type { DialectProfile } from "./dialect.js";
import type { LedgerDb } from "./ledger-database.js";

/**
 * Locks the pools' rows until the transaction ends, so two dispatcher replicas on PostgreSQL
 * cannot both count the same open demand and both claim a runner for it. SQLite needs nothing:
 * its write transactions already exclude each other.
 */
export async function lockPools(db: LedgerDb, dialect: DialectProfile, poolKeys: readonly string[]): Promise<void> {
  if (poolKeys.length === 0) return;
  await dialect.forUpdate(db.selectFrom("pools").select("key").where("key", "in", [...poolKeys]).orderBy("key")).execute();
}
