import { findFlavor } from "../../config/flavors.js";
import type { KubernetesProfile } from "../../config/kubernetes-settings.js";

/**
 * The resources and placement of a runner pod for `flavor`: the configured defaults, then what
 * the HF flavor of that name provides (vCPUs, RAM, GPUs, so `hf-jobs-t4-small` asks a cluster
 * for what it would get on HF), then the flavor's own profile from offload.yaml, field by field.
 */
export function resolveKubernetesProfile(flavor: string, defaults: KubernetesProfile, flavors: Readonly<Record<string, KubernetesProfile>>): KubernetesProfile {
  const catalogue = findFlavor(flavor);
  const fromCatalogue: KubernetesProfile =
    catalogue === undefined ? {} : { cpu: String(catalogue.vcpu), memory: `${catalogue.ramGb}Gi`, ...(catalogue.accelerator === null ? {} : { gpus: catalogue.accelerator.count }) };
  return { ...defaults, ...fromCatalogue, ...(flavors[flavor] ?? {}) };
}
