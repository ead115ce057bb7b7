import type { SimState, SimRunner } from "./sim-state.js";

/** GitHub's `runner` object; every label is `custom` because JIT runners get exactly what was sent. */
export function renderRunner(runner: SimRunner, state: SimState): Record<string, unknown> {
  return {
    id: runner.id,
    name: runner.name,
    os: runner.os,
    status: runner.status,
    busy: runner.busy,
    ephemeral: runner.ephemeral,
    runner_group_id: runner.runnerGroupId,
    labels: runner.labels.map((name) => ({ id: labelId(state, name), name, type: "custom" })),
  };
}

/** Label ids are global and case-insensitive, as GitHub reuses one id per label name. */
function labelId(state: SimState, name: string): number {
  const key = name.toLowerCase();
  const existing = state.labelIds.get(key);
  if (existing !== undefined) return existing;
  const id = state.nextId("label");
  state.labelIds.set(key, id);
  return id;
}
