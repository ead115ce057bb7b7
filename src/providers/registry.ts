import type { Logger } from "pino";
import type { Clock } from "../clock/clock.js";
import type { OffloadConfig } from "../config/config.js";
import { OffloadError } from "../errors/offload-error.js";
import { createDockerFromConfig } from "./docker/create-docker-from-config.js";
import { createHfJobsProvider } from "./hf-jobs/create-hf-jobs-provider.js";
import { createKubernetesFromConfig } from "./kubernetes/create-kubernetes-from-config.js";
import { createLocalProvider } from "./local/create-local-provider.js";
import type { Provider } from "./provider.js";

/** What a provider factory may use; the composition root (src/cli) builds it. */
export interface ProviderDeps {
  readonly config: Pick<OffloadConfig, "dispatcherId" | "hf" | "local"> & Partial<Pick<OffloadConfig, "rules" | "docker" | "kubernetes">>;
  readonly log?: Logger;
  readonly clock?: Clock;
  readonly fetch?: typeof fetch;
  /** Variables local children inherit: `pickSafeBaseEnv(process.env)`. */
  readonly baseEnv?: Readonly<Record<string, string>>;
  /** `DOCKER_HOST` and `SSH_AUTH_SOCK`, for the docker provider when offload.yaml lists no hosts / for ssh:// hosts. */
  readonly dockerHost?: string;
  readonly sshAgentSocket?: string;
}

const FACTORIES: Readonly<Record<string, (deps: ProviderDeps) => Provider>> = {
  "hf-jobs": createHfJobsFromConfig,
  kubernetes: (deps) => createKubernetesFromConfig(deps),
  local: (deps) =>
    createLocalProvider({
      command: deps.config.local.runnerCommand,
      dispatcherId: deps.config.dispatcherId,
      ...(deps.log ? { log: deps.log } : {}),
      ...(deps.baseEnv ? { baseEnv: deps.baseEnv } : {}),
      ...(deps.config.local.gpus === undefined ? {} : { gpus: deps.config.local.gpus, gpusForFlavor: gpusOfRule(deps) }),
    }),
  docker: (deps) =>
    createDockerFromConfig({
      config: { dispatcherId: deps.config.dispatcherId, rules: deps.config.rules ?? [], docker: deps.config.docker ?? null },
      ...(deps.dockerHost === undefined ? {} : { dockerHost: deps.dockerHost }),
      ...(deps.sshAgentSocket === undefined ? {} : { sshAgentSocket: deps.sshAgentSocket }),
      ...(deps.log ? { log: deps.log } : {}),
      ...(deps.clock ? { clock: deps.clock } : {}),
    }),
};

/** A local runner's GPU count: its rule's (the flavor is the rule's name), else none. */
function gpusOfRule(deps: ProviderDeps): (flavor: string) => number {
  const rules = deps.config.rules ?? [];
  return (flavor) => rules.find((rule) => rule.backend === "local" && rule.name === flavor)?.gpus ?? 0;
}

export const PROVIDER_NAMES: readonly string[] = Object.keys(FACTORIES);

/** Builds the provider registered under `name`; an unknown name fails naming the known ones. */
export function createProvider(name: string, deps: ProviderDeps): Provider {
  const factory = FACTORIES[name];
  if (factory === undefined) {
    throw new OffloadError("OFFLOAD_PROVIDER_UNKNOWN", `Unknown provider '${name}' in offload.yaml: expected one of ${PROVIDER_NAMES.join(", ")}`);
  }
  return factory(deps);
}

function createHfJobsFromConfig(deps: ProviderDeps): Provider {
  const { hf, dispatcherId } = deps.config;
  const missing = [hf.token === null ? "HF_TOKEN" : null, hf.namespace === null ? "HF_NAMESPACE" : null].filter((n) => n !== null);
  if (hf.token === null || hf.namespace === null) {
    throw new OffloadError("OFFLOAD_NEEDS_SETUP", `Provider 'hf-jobs' needs ${missing.join(" and ")}: set them in the environment, or use provider local`);
  }
  return createHfJobsProvider({
    endpoint: hf.endpoint,
    token: hf.token,
    namespace: hf.namespace,
    dispatcherId,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.log ? { log: deps.log } : {}),
  });
}
