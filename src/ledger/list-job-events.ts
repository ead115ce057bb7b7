import type { LedgerDb } from "./ledger-database.js";
import type { JobEvent } from "./records.js";

/** A job's history, oldest first. */
export async function listJobEvents(db: LedgerDb, jobId: number): Promise<JobEvent[]> {
  const rows = await db.selectFrom("job_events").select(["job_id", "at", "kind", "detail"]).where("job_id", "=", jobId).orderBy("id").execute();
  return rows.map((row) => ({ jobId: row.job_id, at: row.at, kind: row.kind, detail: row.detail }));
}
