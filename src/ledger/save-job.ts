import type { LedgerDb } from "./ledger-database.js";
import type { JobRecord } from "./records.js";
import { toJobRow } from "./to-records.js";

/** Inserts a new job; false when another transaction stored the same job id first. */
export async function insertJob(db: LedgerDb, job: JobRecord): Promise<boolean> {
  const result = await db
    .insertInto("jobs")
    .values(toJobRow(job))
    .onConflict((oc) => oc.column("job_id").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Replaces every column of a stored job (the decision already merged old and new). */
export async function updateJob(db: LedgerDb, job: JobRecord): Promise<void> {
  const { job_id: jobId, ...columns } = toJobRow(job);
  await db.updateTable("jobs").set(columns).where("job_id", "=", jobId).execute();
}
