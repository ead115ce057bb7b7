import { initialMigration } from "./001-initial.js";
import { leasesMigration } from "./002-leases.js";
import { runsAndCheckRunsMigration } from "./003-runs-and-check-runs.js";
import { dispatcherSettingsMigration } from "./005-dispatcher-settings.js";
import type { LedgerMigration } from "./ledger-migration.js";
import { scaleSetIntakeMigration } from "./004-scale-set-intake.js";

/** The registry of migrations, in the order they run. Append; never reorder or remove. */
export const LEDGER_MIGRATIONS: readonly LedgerMigration[] = [initialMigration, leasesMigration, runsAndCheckRunsMigration, scaleSetIntakeMigration, dispatcherSettingsMigration];
