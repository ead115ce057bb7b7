import type { Selectable, Updateable } from "kysely";
import type { DialectProfile } from "./dialect.js";
import type { RunnersTable } from "./ledger-database.js";
import type { Transition } from "./transition.js";
import { requireRunner } from "./find-runner.js";
import type { RunnerState } from "../domain/runner-states.js";
import { isTerminalRunnerState } from "../domain/runner-states.js";
import { updateRunner } from "./update-runner.js";

export type EndedRunnerState = Extract<RunnerState, "finished" | "cancelled" | "failed">;

/** The runner's life is over. The first ending is the one kept: its reason is the true one. */
export function endedPatch(runner: Selectable<RunnersTable>, state: EndedRunnerState, reason: string, now: string): Updateable<RunnersTable> | null {
  if (isTerminalRunnerState(runner.state)) return null;
  return { state, reason, ended_at: now, updated_at: now };
}

export function* markRunnerEnded(dialect: DialectProfile, name: string, state: EndedRunnerState, reason: string, now: string): Transition<void> {
  const runner = yield* requireRunner(dialect, name);
  yield* updateRunner(runner.name, endedPatch(runner, state, reason, now));
}
