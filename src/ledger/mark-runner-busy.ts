import type { Selectable, Updateable } from "kysely";
import type { DialectProfile } from "./dialect.js";
import type { RunnersTable } from "./ledger-database.js";
import type { Transition } from "./transition.js";
import { requireRunner } from "./find-runner.js";
import { isTerminalRunnerState } from "../domain/runner-states.js";
import { updateRunner } from "./update-runner.js";

/**
 * GitHub gave the runner a job. This wins over `cancelling`: a runner that took a job is no
 * longer surplus. An ended runner stays ended; a busy one only learns which job it took.
 */
export function busyPatch(runner: Selectable<RunnersTable>, jobId: number | null, now: string): Updateable<RunnersTable> | null {
  if (isTerminalRunnerState(runner.state)) return null;
  if (runner.state === "busy") return runner.took_job_id === null && jobId !== null ? { took_job_id: jobId, updated_at: now } : null;
  return {
    state: "busy",
    took_job_id: runner.took_job_id ?? jobId,
    busy_at: runner.busy_at ?? now,
    reason: jobId === null ? "took a job" : `took job ${jobId}`,
    updated_at: now,
  };
}

export function* markRunnerBusy(dialect: DialectProfile, name: string, jobId: number | null, now: string): Transition<void> {
  const runner = yield* requireRunner(dialect, name);
  yield* updateRunner(runner.name, busyPatch(runner, jobId, now));
}
