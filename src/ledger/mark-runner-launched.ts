import type { Selectable, Updateable } from "kysely";
import type { DialectProfile } from "./dialect.js";
import type { RunnersTable } from "./ledger-database.js";
import { selectRows, type Transition } from "./transition.js";
import { requireRunner } from "./find-runner.js";
import { noteRecordedJob, type JobNote } from "./note-job.js";
import { updateRunner } from "./update-runner.js";

/**
 * The provider started the runner's compute. A runner that got further meanwhile (busy, being
 * cancelled, ended) keeps its state, but the compute id is still recorded once: it is what a
 * later cancel or orphan clean-up needs.
 */
export function launchedPatch(runner: Selectable<RunnersTable>, computeId: string, now: string): Updateable<RunnersTable> | null {
  if (runner.state === "planned" || runner.state === "registered") {
    return { state: "launched", compute_id: computeId, launched_at: now, reason: "compute started; runner booting", updated_at: now };
  }
  if (runner.compute_id === null) return { compute_id: computeId, launched_at: runner.launched_at ?? now, updated_at: now };
  return null;
}

/** With `note`, the job it was launched for hears of it in the same transaction (one commit fewer per launch). */
export function* markRunnerLaunched(dialect: DialectProfile, name: string, computeId: string, now: string, note: JobNote | null): Transition<void> {
  // Job before runner, the order in which recording the job's `in_progress` locks them: the other
  // way round, a launch noted on its job and that job starting on the runner deadlocked on
  // PostgreSQL (each held one row and waited for the other), and one of them failed.
  if (note !== null && dialect.lockRows !== "") yield* selectRows(`select job_id from jobs where job_id = ?${dialect.lockRows}`, [note.jobId]);
  const runner = yield* requireRunner(dialect, name);
  yield* updateRunner(runner.name, launchedPatch(runner, computeId, now));
  // The launch is recorded even if the job is not: the compute runs, and only this row can stop it.
  if (note !== null) yield* noteRecordedJob(note, now);
}
