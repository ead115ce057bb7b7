import type { Updateable } from "kysely";
import type { RunnersTable } from "./ledger-database.js";
import { updateRow, type SqlValue, type Transition } from "./transition.js";

/** Writes a transition's changes to one runner; `null` means the transition changes nothing. */
export function* updateRunner(name: string, patch: Updateable<RunnersTable> | null): Transition<boolean> {
  if (patch === null) return false;
  yield* updateRow("runners", "name", name, patch as Record<string, SqlValue>);
  return true;
}
