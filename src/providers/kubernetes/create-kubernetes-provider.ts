import type { KubeConfig } from "@kubernetes/client-node";
import pino, { type Logger } from "pino";
import { systemClock, type Clock } from "../../clock/clock.js";
import type { KubernetesProfile } from "../../config/kubernetes-settings.js";
import { DEFAULT_REQUEST_BACKOFF, type BackoffPolicy } from "../backoff.js";
import type { Provider } from "../provider.js";
import { buildRunnerBootstrapCommand } from "../runner-bootstrap.js";
import { cancelKubernetesJob } from "./cancel-kubernetes-job.js";
import { inspectKubernetesJob } from "./inspect-kubernetes-job.js";
import { createKubernetesContext } from "./kubernetes-context.js";
import { launchKubernetesJob } from "./launch-kubernetes-job.js";
import { listKubernetesJobs } from "./list-kubernetes-jobs.js";
import { streamKubernetesLogs } from "./stream-kubernetes-logs.js";

/** Which cluster and namespace, and how runner pods are shaped. */
export interface KubernetesProviderOptions {
  /** How to reach the cluster: `loadKubeConfig` (kubeconfig file or text, or in-cluster). */
  readonly kubeConfig: KubeConfig;
  /** Namespace of the runner Jobs, their Secrets and pods. */
  readonly namespace: string;
  /** Becomes the `offload.dev/dispatcher` label; listOurs selects on it. */
  readonly dispatcherId: string;
  /** Applied to every runner pod. */
  readonly defaults?: KubernetesProfile;
  /** Per flavor, over the defaults and the HF catalogue's resources for that name. */
  readonly flavors?: Readonly<Record<string, KubernetesProfile>>;
  /** Default 600 s: how long a finished Job stays for inspection before the cluster deletes it. */
  readonly ttlSecondsAfterFinished?: number;
  /** Default 300 s: a pod unschedulable or unable to pull for longer is a boot failure. */
  readonly pendingTimeoutSeconds?: number;
  readonly serviceAccountName?: string | null;
  readonly imagePullSecrets?: readonly string[];
  /** Command when a spec brings none; default: the runner bootstrap run by `bash -c`. */
  readonly defaultCommand?: readonly string[];
  readonly clock?: Clock;
  readonly log?: Logger;
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
}

/** The `kubernetes` provider: one batch/v1 Job per runner, its JIT config in a Secret the Job owns. */
export function createKubernetesProvider(options: KubernetesProviderOptions): Provider {
  const log = (options.log ?? pino({ enabled: false })).child({ provider: "kubernetes" });
  const context = createKubernetesContext({
    kubeConfig: options.kubeConfig,
    namespace: options.namespace,
    dispatcherId: options.dispatcherId,
    clock: options.clock ?? systemClock,
    log,
    backoff: options.backoff ?? DEFAULT_REQUEST_BACKOFF,
    random: options.random ?? Math.random,
    defaults: options.defaults ?? {},
    flavors: options.flavors ?? {},
    ttlSecondsAfterFinished: options.ttlSecondsAfterFinished ?? 600,
    pendingTimeoutMs: (options.pendingTimeoutSeconds ?? 300) * 1000,
    serviceAccountName: options.serviceAccountName ?? null,
    imagePullSecrets: options.imagePullSecrets ?? [],
  });
  let defaultCommand = options.defaultCommand;
  return {
    name: "kubernetes",
    launch: (spec) => launchKubernetesJob(context, spec, (defaultCommand ??= buildRunnerBootstrapCommand())),
    inspect: (id) => inspectKubernetesJob(context, id),
    cancel: (id) => cancelKubernetesJob(context, id),
    listOurs: () => listKubernetesJobs(context),
    logs: (id, logOptions) => streamKubernetesLogs(context, id, logOptions),
  };
}
