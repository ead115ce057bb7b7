import type { Selectable, Updateable } from "kysely";
import type { DialectProfile } from "./dialect.js";
import type { LedgerDb, RunnersTable } from "./ledger-database.js";
import { requireRunner } from "./find-runner.js";
import { updateRunner } from "./update-runner.js";

/** The runner is surplus. Only a runner that has not taken a job can be; a busy or ended one stays. */
export function cancellingPatch(runner: Selectable<RunnersTable>, reason: string, now: string): Updateable<RunnersTable> | null {
  if (runner.state !== "planned" && runner.state !== "registered" && runner.state !== "launched") return null;
  return { state: "cancelling", reason, updated_at: now };
}

export async function markRunnerCancelling(db: LedgerDb, dialect: DialectProfile, name: string, reason: string, now: string): Promise<void> {
  const runner = await requireRunner(db, dialect, name);
  await updateRunner(db, runner.name, cancellingPatch(runner, reason, now));
}
