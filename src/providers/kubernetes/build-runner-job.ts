import type { V1Container, V1Job, V1ResourceRequirements, V1Toleration } from "@kubernetes/client-node";
import type { KubernetesProfile } from "../../config/kubernetes-settings.js";
import type { LaunchSpec } from "../provider.js";
import { RUNNER_NAME_ANNOTATION } from "./kubernetes-labels.js";

/** Where the Secret's files appear in the runner container. */
export const SECRET_MOUNT_PATH = "/run/offload/secrets";
export const SECRET_VOLUME = "offload-secrets";
export const RUNNER_CONTAINER = "runner";

export interface RunnerJobOptions {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly profile: KubernetesProfile;
  readonly secretName: string;
  readonly ttlSecondsAfterFinished: number;
  readonly command: readonly string[];
  readonly serviceAccountName: string | null;
  readonly imagePullSecrets: readonly string[];
}

/**
 * The Job for one runner. The JIT config is not in it: each secret is a file of the Secret
 * `secretName` (created after the Job, owned by it), mounted read-only, and the environment holds
 * only its path (`ACTIONS_RUNNER_INPUT_JITCONFIG_FILE`), which runner/entrypoint.sh reads. The
 * kubelet keeps the pod in ContainerCreating until that Secret exists. `backoffLimit: 0`: a
 * failed runner is never restarted (its JIT config is single-use); `activeDeadlineSeconds` is the
 * spec's hard limit; the pod gets no service-account token, so a job cannot reach the API server.
 */
export function buildRunnerJob(spec: LaunchSpec, options: RunnerJobOptions): V1Job {
  const fileEnv = Object.keys(spec.secrets).map((name) => ({ name: `${name}_FILE`, value: `${SECRET_MOUNT_PATH}/${name}` }));
  const container: V1Container = {
    name: RUNNER_CONTAINER,
    image: spec.image,
    command: [...options.command],
    env: [...Object.entries(spec.env).map(([name, value]) => ({ name, value })), ...fileEnv],
    resources: buildResources(options.profile),
    volumeMounts: [{ name: SECRET_VOLUME, mountPath: SECRET_MOUNT_PATH, readOnly: true }],
  };
  const { profile } = options;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: options.name, namespace: options.namespace, labels: { ...options.labels }, annotations: { [RUNNER_NAME_ANNOTATION]: spec.runnerName } },
    spec: {
      backoffLimit: 0,
      ttlSecondsAfterFinished: options.ttlSecondsAfterFinished,
      activeDeadlineSeconds: Math.max(1, Math.ceil(spec.timeoutSeconds)),
      template: {
        metadata: { labels: { ...options.labels }, annotations: { [RUNNER_NAME_ANNOTATION]: spec.runnerName } },
        spec: {
          restartPolicy: "Never",
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          ...(options.serviceAccountName === null ? {} : { serviceAccountName: options.serviceAccountName }),
          ...(options.imagePullSecrets.length === 0 ? {} : { imagePullSecrets: options.imagePullSecrets.map((name) => ({ name })) }),
          ...(profile.nodeSelector === undefined ? {} : { nodeSelector: { ...profile.nodeSelector } }),
          ...(profile.tolerations === undefined ? {} : { tolerations: profile.tolerations.map(toToleration) }),
          ...(profile.runtimeClassName === undefined ? {} : { runtimeClassName: profile.runtimeClassName }),
          containers: [container],
          // 0444: runner images run as a non-root user; the files live in the pod's own tmpfs.
          volumes: [{ name: SECRET_VOLUME, secret: { secretName: options.secretName, defaultMode: 0o444 } }],
        },
      },
    },
  };
}

/** zod's optional fields may hold undefined; the client's types want them absent. */
function toToleration(toleration: NonNullable<KubernetesProfile["tolerations"]>[number]): V1Toleration {
  return Object.fromEntries(Object.entries(toleration).filter(([, value]) => value !== undefined)) as V1Toleration;
}

/** Requests equal to limits (a CI job gets what it asked for, and no more); GPUs as limits only. */
function buildResources(profile: KubernetesProfile): V1ResourceRequirements {
  const amounts: Record<string, string> = {};
  if (profile.cpu !== undefined) amounts["cpu"] = profile.cpu;
  if (profile.memory !== undefined) amounts["memory"] = profile.memory;
  const limits: Record<string, string> = { ...amounts };
  if (profile.gpus !== undefined && profile.gpus > 0) limits[profile.gpuResource ?? "nvidia.com/gpu"] = String(profile.gpus);
  return { ...(Object.keys(amounts).length === 0 ? {} : { requests: amounts }), ...(Object.keys(limits).length === 0 ? {} : { limits }) };
}
