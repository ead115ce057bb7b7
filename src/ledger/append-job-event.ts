import type { JobEvent } from "./records.js";
import { insertRow, type Transition } from "./transition.js";

/** Adds one line to a job's history. */
export function* appendJobEvent(event: JobEvent): Transition<void> {
  yield* insertRow("job_events", { job_id: event.jobId, at: event.at, kind: event.kind, detail: event.detail });
}
