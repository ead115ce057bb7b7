import { IDLE_RUNNER_STATES, RUNNER_STATES, TERMINAL_RUNNER_STATES, type RunnerState } from "./records.js";
import { literalList } from "./transition.js";

/** States from which a runner still changes: everything but finished, cancelled and failed. */
export const ACTIVE_RUNNER_STATES: readonly RunnerState[] = RUNNER_STATES.filter((s) => !TERMINAL_RUNNER_STATES.includes(s));

export function isTerminalRunnerState(state: string): boolean {
  return (TERMINAL_RUNNER_STATES as readonly string[]).includes(state);
}

/** The idle and active states as SQL `in (...)` lists, for transitions. */
export const IDLE_STATES_SQL = literalList(IDLE_RUNNER_STATES);
export const ACTIVE_STATES_SQL = literalList(ACTIVE_RUNNER_STATES);
