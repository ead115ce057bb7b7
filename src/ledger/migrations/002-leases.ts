import type { Kysely } from "kysely";
import type { LedgerMigration } from "./ledger-migration.js";

/**
 * Leases: one row per named lease (today only `leader`), held by one dispatcher replica until it
 * expires. The replica that holds `leader` runs the poller, the sweeps and redelivery; the others
 * only take webhooks and launch for them. Timestamps are ISO 8601 text, as everywhere.
 */
export const leasesMigration: LedgerMigration = {
  name: "002-leases",
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("leases")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("holder", "text", (c) => c.notNull())
      .addColumn("acquired_at", "text", (c) => c.notNull())
      .addColumn("renewed_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .execute();
  },
};
