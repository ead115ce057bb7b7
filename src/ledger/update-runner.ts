import type { Updateable } from "kysely";
import type { LedgerDb, RunnersTable } from "./ledger-database.js";

/** Writes a transition's changes to one runner; `null` means the transition changes nothing. */
export async function updateRunner(db: LedgerDb, name: string, patch: Updateable<RunnersTable> | null): Promise<boolean> {
  if (patch === null) return false;
  await db.updateTable("runners").set(patch).where("name", "=", name).execute();
  return true;
}
