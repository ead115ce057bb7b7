import { ACTIVE_RUNNER_STATES, IDLE_RUNNER_STATES } from "../domain/runner-states.js";
import { literalList } from "./transition.js";

/** The idle and active states as SQL `in (...)` lists, for transitions. */
export const IDLE_STATES_SQL = literalList(IDLE_RUNNER_STATES);
export const ACTIVE_STATES_SQL = literalList(ACTIVE_RUNNER_STATES);
