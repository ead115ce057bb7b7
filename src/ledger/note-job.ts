import { OffloadError } from "../errors/offload-error.js";
import { appendJobEvent } from "./append-job-event.js";
import { execute, type Transition } from "./transition.js";

/** What to write in a job's history beside another change. */
export interface JobNote {
  readonly jobId: number;
  readonly kind: string;
  readonly detail: string;
}

/** A decision about a job (why it waits, what was launched for it): history plus current reason. */
export function* noteJob(jobId: number, kind: string, detail: string, now: string): Transition<void> {
  if (!(yield* noteRecordedJob({ jobId, kind, detail }, now))) {
    throw new OffloadError("OFFLOAD_NOT_FOUND", `Job '${jobId}' in the ledger: only a job recorded from a fact can be noted`);
  }
}

/** `noteJob` for a job the ledger may not hold; false (and nothing written) when it does not. */
export function* noteRecordedJob(note: JobNote, now: string): Transition<boolean> {
  const updated = yield* execute("update jobs set reason = ?, updated_at = ? where job_id = ?", [note.detail, now, note.jobId]);
  if (updated === 0) return false;
  yield* appendJobEvent({ jobId: note.jobId, at: now, kind: note.kind, detail: note.detail });
  return true;
}
