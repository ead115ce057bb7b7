import type { Kysely } from "kysely";
import type { DialectProfile } from "../dialect.js";
import type { LedgerMigration } from "./ledger-migration.js";

/**
 * The runner scale-set intake (issue #15): the messages recorded (so a message the service
 * delivers again after a crash is recognised), the session each scale set holds (so a restarted
 * dispatcher can delete the one its crash left), and the demand GitHub reports per pool.
 */
export const scaleSetIntakeMigration: LedgerMigration = {
  name: "004-scale-set-intake",
  async up(db: Kysely<unknown>, dialect: DialectProfile): Promise<void> {
    const id = dialect.bigint;
    await db.schema
      .createTable("scale_set_messages")
      .addColumn("scale_set", "text", (c) => c.notNull())
      .addColumn("message_id", id, (c) => c.notNull())
      .addColumn("received_at", "text", (c) => c.notNull())
      .addColumn("summary", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("scale_set_messages_pk", ["scale_set", "message_id"])
      .execute();
    await db.schema
      .createTable("scale_set_sessions")
      .addColumn("scale_set", "text", (c) => c.primaryKey())
      .addColumn("scale_set_id", id, (c) => c.notNull())
      .addColumn("session_id", "text", (c) => c.notNull())
      .addColumn("opened_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("reported_demand")
      .addColumn("pool_key", "text", (c) => c.primaryKey())
      .addColumn("scale_set", "text", (c) => c.notNull())
      .addColumn("assigned_jobs", "integer", (c) => c.notNull())
      .addColumn("running_jobs", "integer", (c) => c.notNull())
      .addColumn("available_jobs", "integer", (c) => c.notNull())
      .addColumn("registered_runners", "integer", (c) => c.notNull())
      .addColumn("busy_runners", "integer", (c) => c.notNull())
      .addColumn("idle_runners", "integer", (c) => c.notNull())
      .addColumn("warm", "integer", (c) => c.notNull())
      .addColumn("reported_at", "text", (c) => c.notNull())
      .execute();
  },
};
