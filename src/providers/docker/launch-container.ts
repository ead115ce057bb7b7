import type Docker from "dockerode";
import { OffloadError } from "../../errors/offload-error.js";
import { placeRunners } from "../placement/place-runners.js";
import type { Placement } from "../placement/host-capacity.js";
import type { LaunchSpec } from "../provider.js";
import { buildContainerSpec, containerNameFor } from "./build-container-spec.js";
import { buildSecretArchive } from "./build-secret-archive.js";
import { LABEL } from "./container-labels.js";
import { computeIdOf, type DockerContext, type DockerHost } from "./docker-context.js";
import type { DockerFlavor } from "./docker-options.js";
import { describeDockerFailure, dockerStatusOf } from "./describe-docker-failure.js";
import { readDockerCapacity } from "./read-docker-capacity.js";
import { resolveDockerFlavor } from "./resolve-docker-flavor.js";

/**
 * Starts one runner container: place it (a host with the GPUs and a runner slot free), create it
 * with its labels, write its secrets into it as 0400 files, then start it. A launch that fits
 * nowhere fails with `OFFLOAD_PROVIDER_CAPACITY` and the reason: the job waits, it is not a fault.
 * A container left half-made by a failed step is removed, so it never holds GPUs.
 */
export async function launchContainer(context: DockerContext, spec: LaunchSpec): Promise<{ id: string }> {
  const flavor = resolveDockerFlavor(context, spec.flavor);
  const placement = await context.serial(() => reserve(context, spec, flavor));
  const host = context.hosts.get(placement.host) as DockerHost;
  const log = context.log.child({ runner: spec.runnerName, host: placement.host, flavor: spec.flavor });
  let container: Docker.Container;
  try {
    const body = buildContainerSpec({
      spec,
      flavor,
      host: placement.host,
      gpus: placement.gpus,
      command: context.command ?? (spec.command.length > 0 ? spec.command : context.defaultCommand()),
      dispatcherId: context.dispatcherId,
      networkMode: context.networkMode,
      binds: context.binds,
      workingDir: context.workingDir,
      deviceRequests: context.deviceRequests,
      now: new Date(context.clock.now()),
    });
    container = await createOrAdopt(context, host, body, spec.runnerName);
  } finally {
    context.pending.delete(spec.runnerName);
  }
  const id = computeIdOf(placement.host, container.id);
  try {
    const secrets = Object.fromEntries(Object.entries(spec.secrets).map(([name, secret]) => [name, secret.reveal()]));
    await container.putArchive(buildSecretArchive(secrets, context.secretFileOwner, new Date(context.clock.now())), { path: "/" });
    await container.start();
  } catch (error) {
    await container.remove({ force: true }).catch(() => undefined);
    throw describeDockerFailure(error, "start", placement.host);
  }
  log.info({ computeId: id, gpus: placement.gpus }, "runner container started");
  return { id };
}

async function reserve(context: DockerContext, spec: LaunchSpec, flavor: DockerFlavor): Promise<Placement> {
  const capacity = await readDockerCapacity(context, flavor.hosts);
  const request = { pool: spec.flavor, gpus: flavor.gpus, wanted: 1, hosts: flavor.hosts };
  const { placements, caps } = placeRunners(capacity.hosts, [request]);
  const placement = placements[0];
  if (placement === undefined) {
    const reason = caps.get(spec.flavor)?.reason ?? "no host has room";
    throw new OffloadError("OFFLOAD_PROVIDER_CAPACITY", `Runner '${spec.runnerName}' for '${spec.flavor}' in the docker provider: expected a host with room; ${reason}`);
  }
  context.pending.set(spec.runnerName, placement);
  return placement;
}

/** Creates the container; a name conflict means an earlier attempt created it: that one is ours to use. */
async function createOrAdopt(context: DockerContext, host: DockerHost, body: Docker.ContainerCreateOptions, runnerName: string): Promise<Docker.Container> {
  try {
    return await host.docker.createContainer(body);
  } catch (error) {
    if (dockerStatusOf(error) !== 409) throw describeDockerFailure(error, "create", host.options.name, body.Image);
    const existing = host.docker.getContainer(containerNameFor(runnerName));
    const info = await existing.inspect().catch((inspectError: unknown) => {
      throw describeDockerFailure(inspectError, "create", host.options.name);
    });
    if (info.Config.Labels[LABEL.dispatcher] !== context.dispatcherId) throw describeDockerFailure(error, "create", host.options.name);
    return host.docker.getContainer(info.Id);
  }
}
