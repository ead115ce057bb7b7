import { OffloadError } from "../errors/offload-error.js";
import { appendJobEvent } from "./append-job-event.js";
import type { LedgerDb } from "./ledger-database.js";

/** A decision about a job (why it waits, what was launched for it): history plus current reason. */
export async function noteJob(db: LedgerDb, jobId: number, kind: string, detail: string, now: string): Promise<void> {
  const result = await db.updateTable("jobs").set({ reason: detail, updated_at: now }).where("job_id", "=", jobId).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    throw new OffloadError("OFFLOAD_NOT_FOUND", `Job '${jobId}' in the ledger: only a job recorded from a fact can be noted`);
  }
  await appendJobEvent(db, { jobId, at: now, kind, detail });
}
