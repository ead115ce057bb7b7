import type { ContainerInspectInfo } from "dockerode";
import type { ComputeState, ComputeStatus } from "../provider.js";
import { LABEL } from "./container-labels.js";

/** Docker's zero time (`0001-01-01T00:00:00Z`) means "never". */
function timeOrNull(value: string | undefined): string | null {
  return value === undefined || value === "" || value.startsWith("0001-") ? null : value;
}

/** A container's state in our words; `id` is the provider's (`<host>/<container id>`). */
export function toContainerStatus(id: string, info: ContainerInspectInfo): ComputeStatus {
  const state = info.State;
  const runnerName = info.Config.Labels[LABEL.runner] ?? null;
  const base = { id, runnerName, startedAt: timeOrNull(state.StartedAt), finishedAt: null };
  switch (state.Status) {
    case "created":
      return { ...base, state: "starting", message: null };
    case "running":
    case "paused":
    case "restarting":
      return { ...base, state: "running", message: null };
    default: {
      const ended: ComputeState = state.ExitCode === 0 && !state.OOMKilled ? "succeeded" : "failed";
      return { ...base, state: ended, message: describeExit(info), finishedAt: timeOrNull(state.FinishedAt) };
    }
  }
}

function describeExit(info: ContainerInspectInfo): string | null {
  const state = info.State;
  if (state.OOMKilled) {
    const limit = info.HostConfig.Memory ?? 0;
    return `killed: out of memory${limit > 0 ? ` (limit ${Math.round(limit / 1024 / 1024)} MiB)` : ""}`;
  }
  if (state.Error !== "") return state.Error;
  return state.ExitCode === 0 ? null : `exited with code ${state.ExitCode}`;
}
