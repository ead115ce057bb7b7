import type { ComputeStatus } from "../provider.js";
import { isTerminalComputeState } from "../provider.js";
import { parseComputeId, type DockerContext } from "./docker-context.js";
import { describeDockerFailure, dockerStatusOf } from "./describe-docker-failure.js";
import { toContainerStatus } from "./to-container-status.js";

/** The container's state in our words; one Docker no longer has is `gone`, unless we remember how it ended. */
export async function inspectContainer(context: DockerContext, id: string): Promise<ComputeStatus> {
  const ending = context.endings.get(id);
  const target = parseComputeId(context, id);
  if (target === null) return endedOrGone(id, ending);
  let status: ComputeStatus;
  try {
    status = toContainerStatus(id, await target.host.docker.getContainer(target.containerId).inspect());
  } catch (error) {
    if (dockerStatusOf(error) === 404) return endedOrGone(id, ending);
    throw describeDockerFailure(error, "inspect", target.host.options.name);
  }
  if (ending !== undefined && isTerminalComputeState(status.state)) return { ...status, state: ending.state, message: ending.message };
  return status;
}

function endedOrGone(id: string, ending: { state: ComputeStatus["state"]; message: string; at: string } | undefined): ComputeStatus {
  if (ending !== undefined) return { id, runnerName: null, state: ending.state, message: ending.message, startedAt: null, finishedAt: ending.at };
  return { id, runnerName: null, state: "gone", message: "no such container on its Docker host", startedAt: null, finishedAt: null };
}
