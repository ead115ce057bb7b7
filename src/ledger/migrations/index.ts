import { initialMigration } from "./001-initial.js";
import { dispatcherSettingsMigration } from "./002-dispatcher-settings.js";
import type { LedgerMigration } from "./ledger-migration.js";

/** The registry of migrations, in the order they run. Append; never reorder or remove. */
export const LEDGER_MIGRATIONS: readonly LedgerMigration[] = [initialMigration, dispatcherSettingsMigration];
