import { sql, type Selectable } from "kysely";
import { OffloadError } from "../errors/offload-error.js";
import type { DialectProfile } from "./dialect.js";
import type { LedgerDb, RunnersTable } from "./ledger-database.js";

/**
 * A runner row, held until the transaction ends. `ignoreCase` matches the way GitHub compares
 * runner names, for names that come back from GitHub rather than from us.
 */
export async function findRunner(
  db: LedgerDb,
  dialect: DialectProfile,
  name: string,
  ignoreCase = false,
): Promise<Selectable<RunnersTable> | null> {
  const query = db
    .selectFrom("runners")
    .selectAll()
    .where(ignoreCase ? sql<string>`lower(name)` : sql<string>`name`, "=", ignoreCase ? name.toLowerCase() : name)
    .orderBy("created_at", "desc")
    .limit(1);
  return (await dialect.forUpdate(query).executeTakeFirst()) ?? null;
}

/** Like `findRunner`, for transitions of a runner the caller planned: an unknown name is a bug. */
export async function requireRunner(db: LedgerDb, dialect: DialectProfile, name: string): Promise<Selectable<RunnersTable>> {
  const row = await findRunner(db, dialect, name);
  if (row === null) {
    throw new OffloadError("OFFLOAD_NOT_FOUND", `Runner '${name}' in the ledger: a runner must be claimed (claimRunners) before its state changes`);
  }
  return row;
}
