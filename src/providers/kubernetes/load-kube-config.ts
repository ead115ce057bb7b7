import { KubeConfig } from "@kubernetes/client-node";
import { OffloadError } from "../../errors/offload-error.js";

/** Where the cluster's address and credentials come from. */
export interface KubeConfigSource {
  /** A kubeconfig document itself (tests, a mounted secret read by the caller). */
  readonly kubeconfigText?: string;
  /** Path of a kubeconfig file (`KUBECONFIG`, offload.yaml `kubernetes.kubeconfig`). */
  readonly kubeconfigPath?: string | null;
  readonly context?: string | null;
  /** The pod's service account (token and CA under /var/run/secrets/kubernetes.io/serviceaccount). */
  readonly inCluster?: boolean;
}

/**
 * A client configuration: a kubeconfig text or file, or the in-cluster service account, or the
 * client's default search (KUBECONFIG, in-cluster, ~/.kube/config). A file that cannot be read,
 * or a context it lacks, fails naming the setting to fix.
 */
export function loadKubeConfig(source: KubeConfigSource): KubeConfig {
  const config = new KubeConfig();
  const where = source.kubeconfigText !== undefined ? "the given kubeconfig" : source.inCluster === true ? "the in-cluster service account" : source.kubeconfigPath ? `kubeconfig '${source.kubeconfigPath}'` : "the default kubeconfig";
  try {
    if (source.kubeconfigText !== undefined) config.loadFromString(source.kubeconfigText);
    else if (source.inCluster === true) config.loadFromCluster();
    else if (source.kubeconfigPath) config.loadFromFile(source.kubeconfigPath);
    else config.loadFromDefault();
    if (source.context) config.setCurrentContext(source.context);
  } catch (error) {
    throw new OffloadError("OFFLOAD_KUBERNETES_CONFIG", `Kubernetes configuration from ${where} could not be loaded: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`, { cause: error });
  }
  if (source.context && config.getContextObject(source.context) === null) {
    throw new OffloadError("OFFLOAD_KUBERNETES_CONFIG", `Kubernetes context '${source.context}' in OFFLOAD_KUBERNETES_CONTEXT: expected one of ${config.getContexts().map((c) => c.name).join(", ") || "(none)"} in ${where}`);
  }
  if (config.getCurrentCluster() === null) {
    throw new OffloadError("OFFLOAD_KUBERNETES_CONFIG", `Kubernetes configuration from ${where} names no cluster: expected a current context with a cluster server`);
  }
  return config;
}
