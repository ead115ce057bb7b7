import { readFileSync } from "node:fs";
import type { Logger } from "pino";
import type { Clock } from "../../clock/clock.js";
import type { OffloadConfig } from "../../config/config.js";
import { describeConfiguredGpus } from "../gpu-slots/read-gpu-inventory.js";
import { createDockerProvider, type DockerProvider } from "./create-docker-provider.js";
import type { DockerFlavor, DockerHostOptions } from "./docker-options.js";

/** Where the Docker provider looks when offload.yaml lists no hosts: DOCKER_HOST, else Docker's default socket. */
export const DEFAULT_DOCKER_URL = "unix:///var/run/docker.sock";

export interface DockerFromConfigDeps {
  readonly config: Pick<OffloadConfig, "dispatcherId" | "rules" | "docker">;
  /** `DOCKER_HOST` from the environment, read by the composition root. */
  readonly dockerHost?: string;
  readonly sshAgentSocket?: string;
  readonly log?: Logger;
  readonly clock?: Clock;
  readonly command?: readonly string[];
  readonly readFile?: (path: string) => string;
}

/**
 * The Docker provider for offload.yaml: its hosts from `docker.hosts` (or one host at
 * DOCKER_HOST), its flavors from the rules whose backend is docker. A label that reaches it
 * without a rule (OFFLOAD_PROVIDER=docker with hf-jobs-* labels) gets a CPU runner in the rule-less
 * default: the spec's image, no limits, no GPUs.
 */
export function createDockerFromConfig(deps: DockerFromConfigDeps): DockerProvider {
  const read = deps.readFile ?? ((path: string) => readFileSync(path, "utf8"));
  const configured = deps.config.docker;
  const hosts: DockerHostOptions[] = configured === null
    ? [{ name: "local", url: deps.dockerHost ?? DEFAULT_DOCKER_URL, gpus: null, maxRunners: null }]
    : configured.hosts.map((host) => ({
        name: host.name,
        url: host.url,
        gpus: host.gpus === null ? null : describeConfiguredGpus(host.gpus),
        maxRunners: host.maxRunners,
        ...(host.tls === null ? {} : { tls: { ca: read(host.tls.ca), cert: read(host.tls.cert), key: read(host.tls.key) } }),
      }));
  const flavors = new Map<string, DockerFlavor>(
    deps.config.rules
      .filter((rule) => rule.backend === "docker")
      .map((rule) => [rule.name, { image: rule.image, cpus: rule.cpus, memoryMb: rule.memoryMb, gpus: rule.gpus, hosts: rule.hosts }]),
  );
  return createDockerProvider({
    hosts,
    flavors,
    defaultFlavor: { image: null, cpus: null, memoryMb: null, gpus: 0, hosts: null },
    dispatcherId: deps.config.dispatcherId,
    networkMode: configured?.network ?? "host",
    deviceRequests: configured?.deviceRequests ?? true,
    ...(deps.command === undefined ? {} : { command: deps.command }),
    ...(deps.sshAgentSocket === undefined ? {} : { sshAgentSocket: deps.sshAgentSocket }),
    ...(deps.log === undefined ? {} : { log: deps.log }),
    ...(deps.clock === undefined ? {} : { clock: deps.clock }),
  });
}
