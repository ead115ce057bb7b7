import type { DialectProfile } from "./dialect.js";
import type { LedgerDb } from "./ledger-database.js";
import type { JobRecord } from "./records.js";
import { toJobRecord } from "./to-records.js";

/** The job as stored, or null; with `lock`, held until the transaction ends. */
export async function findJob(db: LedgerDb, dialect: DialectProfile, jobId: number, lock = false): Promise<JobRecord | null> {
  const query = db.selectFrom("jobs").selectAll().where("job_id", "=", jobId);
  const row = await (lock ? dialect.forUpdate(query) : query).executeTakeFirst();
  return row === undefined ? null : toJobRecord(row);
}
