import type { LedgerDb } from "./ledger-database.js";
import type { JobEvent } from "./records.js";

/** Adds one line to a job's history. */
export async function appendJobEvent(db: LedgerDb, event: JobEvent): Promise<void> {
  await db
    .insertInto("job_events")
    .values({ job_id: event.jobId, at: event.at, kind: event.kind, detail: event.detail })
    .execute();
}
