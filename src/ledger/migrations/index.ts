import { initialMigration } from "./001-initial.js";
import type { LedgerMigration } from "./ledger-migration.js";
import { runsAndCheckRunsMigration } from "./002-runs-and-check-runs.js";

/** The registry of migrations, in the order they run. Append; never reorder or remove. */
export const LEDGER_MIGRATIONS: readonly LedgerMigration[] = [initialMigration, runsAndCheckRunsMigration];
