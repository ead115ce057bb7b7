import type { JobRecord } from "./records.js";
import { toJobRow } from "./to-records.js";
import { insertRow, updateRow, type Transition } from "./transition.js";

/** Inserts a new job; false when another transaction stored the same job id first. */
export function* insertJob(job: JobRecord): Transition<boolean> {
  return (yield* insertRow("jobs", { ...toJobRow(job) }, " on conflict (job_id) do nothing")) > 0;
}

/** Replaces every column of a stored job (the decision already merged old and new). */
export function* updateJob(job: JobRecord): Transition<void> {
  const { job_id: jobId, ...columns } = toJobRow(job);
  yield* updateRow("jobs", "job_id", jobId, columns);
}
