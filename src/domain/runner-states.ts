/** Runner lifecycle. `planned` is written before any effect so a crash never launches twice. */
export const RUNNER_STATES = [
  "planned", // claimed in the ledger; nothing created yet
  "registered", // JIT runner created on GitHub (runnerId set); compute not started
  "launched", // compute started (computeId set); runner booting or idle
  "busy", // GitHub gave it a job
  "cancelling", // surplus: registration being removed, then compute stopped
  "finished", // compute ended after taking a job
  "cancelled", // removed as surplus before taking a job
  "failed", // could not be created, or its compute ended before it took a job
] as const;
export type RunnerState = (typeof RUNNER_STATES)[number];

/** States whose runner can still take a queued job: the pool's supply. */
export const IDLE_RUNNER_STATES: readonly RunnerState[] = ["planned", "registered", "launched"];
export const TERMINAL_RUNNER_STATES: readonly RunnerState[] = ["finished", "cancelled", "failed"];

/** States from which a runner still changes: everything but finished, cancelled and failed. */
export const ACTIVE_RUNNER_STATES: readonly RunnerState[] = RUNNER_STATES.filter((s) => !TERMINAL_RUNNER_STATES.includes(s));

export function isTerminalRunnerState(state: string): boolean {
  return (TERMINAL_RUNNER_STATES as readonly string[]).includes(state);
}
