import type { Selectable } from "kysely";
import type { DialectProfile } from "./dialect.js";
import type { JobsTable } from "./ledger-database.js";
import type { JobRecord } from "./records.js";
import { toJobRecord } from "./to-records.js";
import { selectRow, type Transition } from "./transition.js";

/** The job as stored, or null; with `lock`, held until the transaction ends. */
export function* findJob(dialect: DialectProfile, jobId: number, lock = false): Transition<JobRecord | null> {
  const row = yield* selectRow<Selectable<JobsTable>>(`select * from jobs where job_id = ?${lock ? dialect.lockRows : ""}`, [jobId]);
  return row === null ? null : toJobRecord(row);
}
