import type { ContainerInfo } from "dockerode";
import type { ComputeStatus } from "../provider.js";
import { LABEL } from "./container-labels.js";
import { computeIdOf, rememberEnding, type DockerContext, type DockerHost } from "./docker-context.js";
import { LIVE_CONTAINER_STATES, listHostContainers } from "./list-host-containers.js";

/** Ended containers are swept at most this often per host: each needs its own inspect. */
const SWEEP_EVERY_MS = 60_000;

/**
 * Our containers that have not ended, on every host that answers (a host that does not is
 * skipped and logged: its runners are asked for one by one). On the way it enforces each
 * runner's deadline (Docker has no run-time limit; the deadline is a label, so it outlives a
 * dispatcher crash) and removes ended containers kept longer than `keepEndedSeconds`.
 */
export async function listOurContainers(context: DockerContext): Promise<ComputeStatus[]> {
  const perHost = await Promise.all([...context.hosts.values()].map((host) => listHost(context, host)));
  return perHost.flat();
}

async function listHost(context: DockerContext, host: DockerHost): Promise<ComputeStatus[]> {
  let containers: ContainerInfo[];
  try {
    containers = await listHostContainers(context, host);
  } catch (error) {
    context.log.warn({ host: host.options.name, err: error instanceof Error ? error.message : String(error) }, "Docker host did not answer");
    return [];
  }
  const now = context.clock.now();
  const live: ComputeStatus[] = [];
  for (const container of containers) {
    if (!LIVE_CONTAINER_STATES.has(container.State)) continue;
    const id = computeIdOf(host.options.name, container.Id);
    const deadline = Date.parse(container.Labels[LABEL.deadline] ?? "");
    if (Number.isFinite(deadline) && now > deadline) {
      await stopOverdue(context, host, container, id);
      continue;
    }
    live.push({
      id,
      runnerName: container.Labels[LABEL.runner] ?? null,
      state: container.State === "created" ? "starting" : "running",
      message: null,
      startedAt: new Date(container.Created * 1000).toISOString(),
      finishedAt: null,
    });
  }
  if (now - (context.lastSweep.get(host.options.name) ?? 0) >= SWEEP_EVERY_MS) {
    context.lastSweep.set(host.options.name, now);
    await sweepEnded(context, host, containers.filter((container) => !LIVE_CONTAINER_STATES.has(container.State)));
  }
  return live;
}

async function stopOverdue(context: DockerContext, host: DockerHost, container: ContainerInfo, id: string): Promise<void> {
  const seconds = container.Labels[LABEL.timeoutSeconds] ?? "?";
  rememberEnding(context, id, { state: "failed", message: `timed out after ${seconds} seconds`, at: new Date(context.clock.now()).toISOString() });
  context.log.warn({ computeId: id, runner: container.Labels[LABEL.runner] }, "runner container timed out");
  await host.docker.getContainer(container.Id).stop({ t: context.stopGraceSeconds }).catch(() => undefined);
}

async function sweepEnded(context: DockerContext, host: DockerHost, ended: readonly ContainerInfo[]): Promise<void> {
  const keepMs = context.keepEndedSeconds * 1000;
  for (const container of ended) {
    const handle = host.docker.getContainer(container.Id);
    const info = await handle.inspect().catch(() => null);
    const finished = Date.parse(info?.State.FinishedAt ?? "");
    if (info === null || !Number.isFinite(finished) || context.clock.now() - finished < keepMs) continue;
    await handle.remove({ force: true }).catch(() => undefined);
    context.log.debug({ computeId: computeIdOf(host.options.name, container.Id) }, "ended runner container removed");
  }
}
