import type { Logger } from "pino";
import type { Clock } from "../../clock/clock.js";
import type { OffloadConfig } from "../../config/config.js";
import { OffloadError } from "../../errors/offload-error.js";
import type { Provider } from "../provider.js";
import { createKubernetesProvider } from "./create-kubernetes-provider.js";
import { loadKubeConfig } from "./load-kube-config.js";

/** The registry's factory: the provider from `config.kubernetes` (offload.yaml `kubernetes:` and its variables). */
export function createKubernetesFromConfig(deps: { config: Pick<OffloadConfig, "dispatcherId"> & Partial<Pick<OffloadConfig, "kubernetes">>; log?: Logger; clock?: Clock }): Provider {
  const settings = deps.config.kubernetes;
  if (settings === undefined) throw new OffloadError("OFFLOAD_NEEDS_SETUP", "Provider 'kubernetes' needs its settings: load the configuration with loadConfig, or set OFFLOAD_KUBERNETES_NAMESPACE");
  return createKubernetesProvider({
    kubeConfig: loadKubeConfig({ kubeconfigPath: settings.kubeconfigPath, context: settings.context, inCluster: settings.inCluster }),
    namespace: settings.namespace,
    dispatcherId: deps.config.dispatcherId,
    defaults: settings.defaults,
    flavors: settings.flavors,
    ttlSecondsAfterFinished: settings.ttlSecondsAfterFinished,
    pendingTimeoutSeconds: settings.pendingTimeoutSeconds,
    serviceAccountName: settings.serviceAccountName,
    imagePullSecrets: settings.imagePullSecrets,
    ...(deps.log ? { log: deps.log } : {}),
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
}
