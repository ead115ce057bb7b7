import pino from "pino";
import { systemClock } from "../../clock/clock.js";
import { OffloadError } from "../../errors/offload-error.js";
import { readGpuInventory } from "../gpu-slots/read-gpu-inventory.js";
import type { ProviderCapacity } from "../placement/host-capacity.js";
import type { Provider } from "../provider.js";
import { buildRunnerBootstrapCommand } from "../runner-bootstrap.js";
import { cancelContainer } from "./cancel-container.js";
import { connectDockerHost } from "./connect-docker-host.js";
import { createSerialQueue, type DockerContext, type DockerHost } from "./docker-context.js";
import type { DockerHostOptions, DockerProviderOptions } from "./docker-options.js";
import { inspectContainer } from "./inspect-container.js";
import { launchContainer } from "./launch-container.js";
import { listOurContainers } from "./list-our-containers.js";
import { readDockerCapacity } from "./read-docker-capacity.js";
import { streamContainerLogs } from "./stream-container-logs.js";

/** The Docker provider with what only it offers: the hosts' free capacity, for placement. */
export interface DockerProvider extends Provider {
  capacity(): Promise<ProviderCapacity>;
}

/**
 * The `docker` provider: one container per runner on one of several Docker hosts, placed where
 * its GPUs are free. Every fact it needs after a restart lives in the containers' labels.
 */
export function createDockerProvider(options: DockerProviderOptions): DockerProvider {
  if (options.hosts.length === 0) {
    throw new OffloadError("OFFLOAD_CONFIG_INVALID", "Docker hosts '' in offload.yaml (docker.hosts): expected at least one host", {
      remedy: "List the Docker engines under docker.hosts in offload.yaml, e.g. { name: lab-1, url: unix:///var/run/docker.sock }.",
    });
  }
  const log = (options.log ?? pino({ enabled: false })).child({ provider: "docker" });
  let defaultCommand: readonly string[] | undefined;
  const context: DockerContext = {
    hosts: new Map(options.hosts.map((host) => [host.name, openHost(host, options)])),
    dispatcherId: options.dispatcherId,
    flavors: options.flavors,
    defaultFlavor: options.defaultFlavor ?? null,
    command: options.command ?? null,
    defaultCommand: () => (defaultCommand ??= buildRunnerBootstrapCommand()),
    networkMode: options.networkMode ?? "host",
    binds: options.binds ?? [],
    workingDir: options.workingDir ?? null,
    deviceRequests: options.deviceRequests ?? true,
    stopGraceSeconds: options.stopGraceSeconds ?? 10,
    keepEndedSeconds: options.keepEndedSeconds ?? 3600,
    secretFileOwner: options.secretFileOwner ?? { uid: 0, gid: 0 },
    log,
    clock: options.clock ?? systemClock,
    endings: new Map(),
    pending: new Map(),
    lastSweep: new Map(),
    serial: createSerialQueue(),
  };
  return {
    name: "docker",
    launch: (spec) => launchContainer(context, spec),
    inspect: (id) => inspectContainer(context, id),
    cancel: (id) => cancelContainer(context, id),
    listOurs: () => listOurContainers(context),
    logs: (id, logOptions) => streamContainerLogs(context, id, logOptions),
    capacity: () => readDockerCapacity(context),
  };
}

function openHost(options: DockerHostOptions, provider: DockerProviderOptions): DockerHost {
  const docker = connectDockerHost(options, provider.sshAgentSocket);
  // nvidia-smi describes the machine it runs on: only a local socket's host is this machine.
  const configured = options.gpus ?? (options.url.startsWith("unix:") ? null : []);
  let inventory: Promise<readonly string[]> | undefined;
  return {
    options,
    docker,
    inventory: () => (inventory ??= readGpuInventory(configured, provider.runProgram).then((devices) => devices.map((device) => device.id))),
  };
}
