import type { Kysely } from "kysely";
import type { DialectProfile } from "../dialect.js";
import type { LedgerMigration } from "./ledger-migration.js";

/**
 * Where each workflow run came from (for fork pull requests) and the check runs offload posted to
 * explain jobs it did not launch at once.
 */
export const runsAndCheckRunsMigration: LedgerMigration = {
  name: "003-runs-and-check-runs",
  async up(db: Kysely<unknown>, dialect: DialectProfile): Promise<void> {
    const id = dialect.bigint;
    await db.schema
      .createTable("runs")
      .addColumn("run_id", id, (c) => c.primaryKey())
      .addColumn("repo", "text", (c) => c.notNull())
      .addColumn("installation_id", id, (c) => c.notNull())
      // 1 private, 0 public, null not yet known.
      .addColumn("private", "integer")
      .addColumn("head_sha", "text")
      .addColumn("event", "text")
      .addColumn("head_repo", "text")
      .addColumn("head_branch", "text")
      .addColumn("pull_request", "integer")
      // Set when a maintainer approved the run's pull request (label, check run button).
      .addColumn("approved_by", "text")
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    // Fork holds read the queued jobs of public runs: few runs, found by privacy, then their jobs.
    await db.schema.createIndex("runs_private").on("runs").columns(["private"]).execute();
    await db.schema.createIndex("jobs_run_id").on("jobs").columns(["run_id"]).execute();
    await db.schema
      .createTable("check_runs")
      .addColumn("job_id", id, (c) => c.primaryKey())
      .addColumn("check_run_id", id, (c) => c.notNull())
      .addColumn("posted", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
  },
};
