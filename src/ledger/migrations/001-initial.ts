import { sql, type Kysely } from "kysely";
import type { DialectProfile } from "../dialect.js";
import type { LedgerMigration } from "./ledger-migration.js";

/** The first schema: deliveries, jobs and their history, pools, runners. */
export const initialMigration: LedgerMigration = {
  name: "001-initial",
  async up(db: Kysely<unknown>, dialect: DialectProfile): Promise<void> {
    const id = dialect.bigint;

    await db.schema
      .createTable("deliveries")
      .addColumn("guid", "text", (c) => c.primaryKey())
      .addColumn("event", "text", (c) => c.notNull())
      .addColumn("action", "text")
      .addColumn("received_at", "text", (c) => c.notNull())
      .addColumn("result", "text", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("job_id", id)
      .execute();
    await db.schema.createIndex("deliveries_received_at").on("deliveries").columns(["received_at"]).execute();

    await db.schema
      .createTable("jobs")
      .addColumn("job_id", id, (c) => c.primaryKey())
      .addColumn("run_id", id, (c) => c.notNull())
      .addColumn("run_attempt", "integer", (c) => c.notNull())
      .addColumn("repo", "text", (c) => c.notNull())
      .addColumn("owner_type", "text", (c) => c.notNull())
      .addColumn("installation_id", id, (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("conclusion", "text")
      .addColumn("labels", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("workflow_name", "text")
      .addColumn("head_branch", "text")
      .addColumn("html_url", "text")
      .addColumn("runner_name", "text")
      .addColumn("runner_id", id)
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("pool_key", "text")
      .addColumn("routing", "text", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("flavor", "text")
      .addColumn("first_seen_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addColumn("started_at", "text")
      .addColumn("completed_at", "text")
      .execute();
    // The reconciler's demand query, on every webhook: queued jobs of each pool, oldest first.
    await db.schema
      .createIndex("jobs_queued_by_pool")
      .on("jobs")
      .columns(["pool_key", "created_at", "job_id"])
      .where(sql<boolean>`status = 'queued' and pool_key is not null`)
      .execute();
    await db.schema.createIndex("jobs_status").on("jobs").columns(["status", "job_id"]).execute();

    await db.schema
      .createTable("job_events")
      .addColumn("id", id, (c) => dialect.serialPrimaryKey(c))
      .addColumn("job_id", id, (c) => c.notNull().references("jobs.job_id").onDelete("cascade"))
      .addColumn("at", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("detail", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("job_events_job_id").on("job_events").columns(["job_id", "id"]).execute();

    await db.schema
      .createTable("pools")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("scope", "text", (c) => c.notNull())
      .addColumn("runner_group_id", id, (c) => c.notNull())
      .addColumn("labels", "text", (c) => c.notNull())
      .addColumn("provider", "text", (c) => c.notNull())
      .addColumn("flavor", "text", (c) => c.notNull())
      .addColumn("image", "text", (c) => c.notNull())
      .addColumn("timeout_seconds", "integer", (c) => c.notNull())
      .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("retry_at", "text")
      .addColumn("last_error", "text")
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("runners")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("pool_key", "text", (c) => c.notNull())
      .addColumn("provider", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("for_job_id", id)
      .addColumn("took_job_id", id)
      .addColumn("github_runner_id", id)
      .addColumn("compute_id", "text")
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addColumn("launched_at", "text")
      .addColumn("busy_at", "text")
      .addColumn("ended_at", "text")
      .execute();
    // Active runners are read on every reconcile pass by `state in (...)`.
    await db.schema.createIndex("runners_state").on("runners").columns(["state", "pool_key"]).execute();
    // GitHub reports the runner that took a job by name, and runner names are case-insensitive there.
    await db.schema.createIndex("runners_lower_name").on("runners").expression(sql`lower(name)`).execute();
  },
};
