import { initialMigration } from "./001-initial.js";
import type { LedgerMigration } from "./ledger-migration.js";
import { scaleSetIntakeMigration } from "./002-scale-set-intake.js";

/** The registry of migrations, in the order they run. Append; never reorder or remove. */
export const LEDGER_MIGRATIONS: readonly LedgerMigration[] = [initialMigration, scaleSetIntakeMigration];
