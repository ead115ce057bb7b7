import type { ContainerInfo } from "dockerode";
import { LABEL } from "./container-labels.js";
import type { DockerContext, DockerHost } from "./docker-context.js";
import { describeDockerFailure } from "./describe-docker-failure.js";

/** States in which a container still holds its host's resources (its GPUs, a runner slot). */
export const LIVE_CONTAINER_STATES: ReadonlySet<string> = new Set(["created", "running", "paused", "restarting"]);

/** Every container on `host` carrying this dispatcher's label, ended ones too. */
export async function listHostContainers(context: DockerContext, host: DockerHost): Promise<ContainerInfo[]> {
  try {
    return await host.docker.listContainers({ all: true, filters: { label: [`${LABEL.dispatcher}=${context.dispatcherId}`] } });
  } catch (error) {
    throw describeDockerFailure(error, "list", host.options.name);
  }
}
