import type { ContainerInfo } from "dockerode";
import { LABEL } from "./container-labels.js";
import type { DockerContext, DockerHost } from "./docker-context.js";
import { describeDockerFailure } from "./describe-docker-failure.js";

/** States in which a container still holds its host's resources (its GPUs, a runner slot). */
export const LIVE_CONTAINER_STATES: ReadonlySet<string> = new Set(["created", "running", "paused", "restarting"]);

/**
 * Every container on `host` carrying this dispatcher's label, ended ones too; with `anyDispatcher`,
 * every offload runner on the host, so GPUs another dispatcher's runners hold are counted as held.
 */
export async function listHostContainers(context: DockerContext, host: DockerHost, anyDispatcher = false): Promise<ContainerInfo[]> {
  try {
    const label = anyDispatcher ? LABEL.runner : `${LABEL.dispatcher}=${context.dispatcherId}`;
    return await host.docker.listContainers({ all: true, filters: { label: [label] } });
  } catch (error) {
    throw describeDockerFailure(error, "list", host.options.name);
  }
}
