import type { LedgerDb, RunsTable } from "./ledger-database.js";
import type { RunRecord } from "./run-records.js";
import type { Selectable } from "kysely";

export function toRunRecord(row: Selectable<RunsTable>): RunRecord {
  return {
    runId: row.run_id,
    repo: row.repo,
    installationId: row.installation_id,
    private: row.private === null ? null : row.private === 1,
    headSha: row.head_sha,
    event: row.event,
    headRepo: row.head_repo,
    headBranch: row.head_branch,
    pullRequest: row.pull_request,
    approvedBy: row.approved_by,
  };
}

/** The runs of these ids that the ledger knows. */
export async function listRunRecords(db: LedgerDb, runIds: readonly number[]): Promise<RunRecord[]> {
  if (runIds.length === 0) return [];
  const rows = await db.selectFrom("runs").selectAll().where("run_id", "in", [...runIds]).execute();
  return rows.map(toRunRecord);
}
