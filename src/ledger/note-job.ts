import { OffloadError } from "../errors/offload-error.js";
import { appendJobEvent } from "./append-job-event.js";
import { execute, type Transition } from "./transition.js";

/** A decision about a job (why it waits, what was launched for it): history plus current reason. */
export function* noteJob(jobId: number, kind: string, detail: string, now: string): Transition<void> {
  const updated = yield* execute("update jobs set reason = ?, updated_at = ? where job_id = ?", [detail, now, jobId]);
  if (updated === 0) {
    throw new OffloadError("OFFLOAD_NOT_FOUND", `Job '${jobId}' in the ledger: only a job recorded from a fact can be noted`);
  }
  yield* appendJobEvent({ jobId, at: now, kind, detail });
}
