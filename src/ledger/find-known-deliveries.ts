import type { LedgerDb } from "./ledger-database.js";

/* Keeps each statement's parameters well under SQLite's and PostgreSQL's limits. */
const CHUNK = 500;

/** Which of `guids` the ledger has recorded as deliveries (of any result). */
export async function findKnownDeliveries(db: LedgerDb, guids: readonly string[]): Promise<Set<string>> {
  const known = new Set<string>();
  const unique = [...new Set(guids)];
  for (let start = 0; start < unique.length; start += CHUNK) {
    const chunk = unique.slice(start, start + CHUNK);
    const rows = await db.selectFrom("deliveries").select("guid").where("guid", "in", chunk).execute();
    for (const row of rows) known.add(row.guid);
  }
  return known;
}
