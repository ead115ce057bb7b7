import type { Kysely } from "kysely";
import type { LedgerMigration } from "./ledger-migration.js";

/**
 * Settings the dispatcher remembers across restarts, by name. The first: the fingerprint (a hash,
 * never the secrets) of the configuration launches depend on, so a restart with a new HF token
 * clears pools that were stuck with the old one.
 */
export const dispatcherSettingsMigration: LedgerMigration = {
  name: "005-dispatcher-settings",
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("dispatcher_settings")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
  },
};
