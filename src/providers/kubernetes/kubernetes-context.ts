import { BatchV1Api, CoreV1Api, Log, type KubeConfig } from "@kubernetes/client-node";
import type { Logger } from "pino";
import type { Clock } from "../../clock/clock.js";
import type { KubernetesProfile } from "../../config/kubernetes-settings.js";
import { OffloadError } from "../../errors/offload-error.js";
import { decideRetry, type BackoffPolicy } from "../backoff.js";
import type { ComputeStatus } from "../provider.js";
import { describeKubernetesFailure, toKubernetesApiError } from "./kubernetes-api-error.js";

/** Statuses worth another try. A create may be repeated too: Job names are derived from the runner name, so a repeat meets 409 and adopts. */
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Everything one Kubernetes operation needs: where, the API clients and the injected effects. */
export interface KubernetesContext {
  readonly namespace: string;
  readonly dispatcherId: string;
  readonly batch: BatchV1Api;
  readonly core: CoreV1Api;
  readonly logClient: Log;
  readonly clock: Clock;
  readonly log: Logger;
  readonly defaults: KubernetesProfile;
  readonly flavors: Readonly<Record<string, KubernetesProfile>>;
  readonly ttlSecondsAfterFinished: number;
  readonly pendingTimeoutMs: number;
  readonly serviceAccountName: string | null;
  readonly imagePullSecrets: readonly string[];
  /**
   * Remembers how a Job this process deleted ended (cancelled, or a boot failure it stopped):
   * once the garbage collector has removed it the cluster no longer knows. Bounded.
   */
  remember(name: string, status: ComputeStatus): void;
  recall(name: string): ComputeStatus | undefined;
  /** Runs one client call, retried on 408/429/5xx and network errors; failures are `OffloadError`. */
  call<T>(op: string, attempt: () => Promise<T>): Promise<T>;
}

export interface KubernetesContextOptions {
  readonly kubeConfig: KubeConfig;
  readonly namespace: string;
  readonly dispatcherId: string;
  readonly clock: Clock;
  readonly log: Logger;
  readonly backoff: BackoffPolicy;
  readonly random: () => number;
  readonly defaults: KubernetesProfile;
  readonly flavors: Readonly<Record<string, KubernetesProfile>>;
  readonly ttlSecondsAfterFinished: number;
  readonly pendingTimeoutMs: number;
  readonly serviceAccountName: string | null;
  readonly imagePullSecrets: readonly string[];
}

const MAX_REMEMBERED = 1000;

export function createKubernetesContext(options: KubernetesContextOptions): KubernetesContext {
  const ended = new Map<string, ComputeStatus>();
  return {
    namespace: options.namespace,
    dispatcherId: options.dispatcherId,
    batch: options.kubeConfig.makeApiClient(BatchV1Api),
    core: options.kubeConfig.makeApiClient(CoreV1Api),
    logClient: new Log(options.kubeConfig),
    clock: options.clock,
    log: options.log,
    defaults: options.defaults,
    flavors: options.flavors,
    ttlSecondsAfterFinished: options.ttlSecondsAfterFinished,
    pendingTimeoutMs: options.pendingTimeoutMs,
    serviceAccountName: options.serviceAccountName,
    imagePullSecrets: options.imagePullSecrets,
    remember: (name, status) => {
      const oldest = ended.keys().next();
      if (ended.size >= MAX_REMEMBERED && oldest.done !== true) ended.delete(oldest.value);
      ended.set(name, status);
    },
    recall: (name) => ended.get(name),
    call: async (op, attempt) => {
      for (let retry = 1; ; retry += 1) {
        try {
          return await attempt();
        } catch (raw) {
          if (raw instanceof OffloadError) throw raw;
          const error = toKubernetesApiError(op, raw);
          const retryable = error.status === null || RETRY_STATUSES.has(error.status);
          const decision = decideRetry({ attempt: retry, retryable, retryAfterMs: null, policy: options.backoff, random: options.random() });
          if (!decision.retry) throw describeKubernetesFailure(error, options.namespace);
          options.log.debug({ op, status: error.status, retry, delayMs: decision.delayMs }, "retrying Kubernetes call");
          await options.clock.sleep(decision.delayMs);
        }
      }
    },
  };
}
