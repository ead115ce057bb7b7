import { isOffloadError } from "../../errors/offload-error.js";
import { freeGpus, rebuildHoldings, type GpuHolding } from "../gpu-slots/gpu-holdings.js";
import type { HostCapacity, ProviderCapacity } from "../placement/host-capacity.js";
import { readGpuHolding } from "./container-labels.js";
import type { DockerContext, DockerHost } from "./docker-context.js";
import { LIVE_CONTAINER_STATES, listHostContainers } from "./list-host-containers.js";

/**
 * What every host can still take, read from Docker itself: the GPUs each live container's labels
 * say it holds, plus launches placed but not yet created. Nothing is remembered between calls, so
 * the same read after a kill -9 gives the same answer: the containers are the record. Runners of
 * another dispatcher sharing the host count too; two dispatchers placing at the same instant can
 * still collide, so give each host's GPUs to one dispatcher.
 */
export async function readDockerCapacity(context: DockerContext, only: readonly string[] | null = null): Promise<ProviderCapacity> {
  const hosts = [...context.hosts.values()].filter((host) => only === null || only.includes(host.options.name));
  return { hosts: await Promise.all(hosts.map((host) => readHostCapacity(context, host))) };
}

async function readHostCapacity(context: DockerContext, host: DockerHost): Promise<HostCapacity> {
  const name = host.options.name;
  try {
    const [containers, inventory] = await Promise.all([listHostContainers(context, host, true), host.inventory()]);
    const live = containers.filter((container) => LIVE_CONTAINER_STATES.has(container.State));
    const records: GpuHolding[] = live.map((container) => readGpuHolding(container.Labels, name)).filter((holding) => holding !== null);
    const pending = [...context.pending.entries()].filter(([, placement]) => placement.host === name);
    for (const [runner, placement] of pending) records.push({ runner: `pending:${runner}`, host: name, gpus: placement.gpus });
    const { holdings, conflicts } = rebuildHoldings(records);
    for (const conflict of conflicts) context.log.error({ host: name, runner: conflict.runner, gpus: conflict.gpus }, "two runners claim one GPU");
    const running = live.length + pending.length;
    const maxRunners = host.options.maxRunners;
    return {
      host: name,
      up: true,
      reason: null,
      gpus: inventory,
      freeGpus: freeGpus(inventory, holdings, name),
      freeRunnerSlots: maxRunners === null ? null : Math.max(0, maxRunners - running),
    };
  } catch (error) {
    if (!isOffloadError(error)) throw error;
    return { host: name, up: false, reason: error.message, gpus: [], freeGpus: [], freeRunnerSlots: 0 };
  }
}
