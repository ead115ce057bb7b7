import type { ContainerCreateOptions } from "dockerode";
import type { LaunchSpec } from "../provider.js";
import { buildContainerLabels } from "./container-labels.js";
import type { DockerFlavor } from "./docker-options.js";
import { secretFilePath } from "./build-secret-archive.js";

/** Docker container names: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`. One name per runner makes a create at most once. */
export function containerNameFor(runnerName: string): string {
  return `offload-${runnerName}`.replace(/[^a-zA-Z0-9_.-]/g, "_").slice(0, 200);
}

export interface ContainerPlan {
  readonly spec: LaunchSpec;
  readonly flavor: DockerFlavor;
  readonly host: string;
  /** GPU ids the runner got, exactly `flavor.gpus` of them. */
  readonly gpus: readonly string[];
  readonly command: readonly string[];
  readonly dispatcherId: string;
  readonly networkMode: string;
  readonly binds?: readonly string[];
  readonly workingDir?: string | null;
  readonly deviceRequests: boolean;
  readonly now: Date;
}

/**
 * The create body, a pure function of the plan. No secret goes in: each secret is named by a
 * `<NAME>_FILE` variable pointing at the file `putArchive` writes before start. The GPUs are
 * named twice: as a device request (what the NVIDIA runtime mounts) and as NVIDIA_VISIBLE_DEVICES
 * (what CUDA images read; `void` hides every GPU from a CPU runner even where the NVIDIA runtime
 * is the default, since CUDA base images set it to `all`).
 */
export function buildContainerSpec(plan: ContainerPlan): ContainerCreateOptions {
  const { spec, flavor } = plan;
  const secretFiles = Object.fromEntries(Object.keys(spec.secrets).map((name) => [`${name}_FILE`, secretFilePath(name)]));
  const env = { ...spec.env, OFFLOAD_RUNNER_NAME: spec.runnerName, ...secretFiles, NVIDIA_VISIBLE_DEVICES: plan.gpus.length > 0 ? plan.gpus.join(",") : "void" };
  const deadline = new Date(plan.now.getTime() + spec.timeoutSeconds * 1000).toISOString();
  return {
    name: containerNameFor(spec.runnerName),
    Image: flavor.image ?? spec.image,
    Cmd: [...plan.command],
    ...(plan.workingDir ? { WorkingDir: plan.workingDir } : {}),
    Env: Object.entries(env).map(([name, value]) => `${name}=${value}`),
    Labels: buildContainerLabels({
      dispatcherId: plan.dispatcherId,
      runnerName: spec.runnerName,
      host: plan.host,
      flavor: spec.flavor,
      gpus: plan.gpus,
      deadline,
      timeoutSeconds: spec.timeoutSeconds,
      tags: spec.tags,
    }),
    HostConfig: {
      NetworkMode: plan.networkMode,
      ...(plan.binds !== undefined && plan.binds.length > 0 ? { Binds: [...plan.binds] } : {}),
      ...(flavor.cpus === null ? {} : { NanoCpus: Math.round(flavor.cpus * 1e9) }),
      ...(flavor.memoryMb === null ? {} : { Memory: flavor.memoryMb * 1024 * 1024 }),
      ...(plan.gpus.length > 0 && plan.deviceRequests ? { DeviceRequests: [{ Driver: "nvidia", DeviceIDs: [...plan.gpus], Capabilities: [["gpu"]] }] } : {}),
    },
  };
}
