import { execute, type Transition } from "./transition.js";

/** Remembers the check run posted for a job and what it shows, so it is updated, never posted twice. */
export function* recordCheckRun(jobId: number, checkRunId: number, posted: string, now: string): Transition<void> {
  yield* execute(
    "insert into check_runs (job_id, check_run_id, posted, updated_at) values (?, ?, ?, ?) on conflict (job_id) do update set check_run_id = excluded.check_run_id, posted = excluded.posted, updated_at = excluded.updated_at",
    [jobId, checkRunId, posted, now],
  );
}
