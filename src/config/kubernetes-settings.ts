import { z } from "zod";
import { parseDuration } from "./parse-duration.js";
import type { SettingsReader } from "./settings-reader.js";

const duration = z.union([z.number().int().positive(), z.string()]).refine((value) => typeof value === "number" || parseDuration(value) !== null, "a duration such as 10m or 600");
const quantity = z.union([z.string().regex(/^\d+(\.\d+)?(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/, "a Kubernetes quantity such as 4, 500m, 16Gi"), z.number().positive()]).transform(String);

/** Where and how one kind of runner pod is placed: resources and scheduling constraints. */
export const KubernetesProfileSchema = z.strictObject({
  /** CPU request and limit (`4`, `500m`); default from the HF flavor of the same name. */
  cpu: quantity.optional(),
  /** Memory request and limit (`15Gi`). */
  memory: quantity.optional(),
  /** GPUs, as the extended resource `gpuResource` (default `nvidia.com/gpu`). */
  gpus: z.number().int().min(0).optional(),
  gpuResource: z.string().min(1).optional(),
  nodeSelector: z.record(z.string(), z.string()).optional(),
  tolerations: z
    .array(
      z.strictObject({
        key: z.string().optional(),
        operator: z.enum(["Exists", "Equal"]).optional(),
        value: z.string().optional(),
        effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional(),
        tolerationSeconds: z.number().int().optional(),
      }),
    )
    .optional(),
  runtimeClassName: z.string().min(1).optional(),
});
export type KubernetesProfile = z.infer<typeof KubernetesProfileSchema>;

/** The `kubernetes:` section of offload.yaml (also accepted as JSON in `OFFLOAD_KUBERNETES`). */
export const KubernetesFileSchema = z.strictObject({
  namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "a namespace name (lower-case letters, digits, '-')").optional(),
  /** Path of a kubeconfig file; default `KUBECONFIG`, then in-cluster, then ~/.kube/config. */
  kubeconfig: z.string().min(1).optional(),
  context: z.string().min(1).optional(),
  /** Use the pod's service account (the dispatcher runs inside the cluster). */
  inCluster: z.boolean().optional(),
  /** How long a finished Job (and its pod and Secret) stays for inspection; default 10m. */
  ttlAfterFinished: duration.optional(),
  /** How long a pod may stay unschedulable or unable to pull its image before it is a boot failure; default 5m. */
  pendingTimeout: duration.optional(),
  serviceAccountName: z.string().min(1).optional(),
  imagePullSecrets: z.array(z.string().min(1)).optional(),
  /** Applied to every runner pod; a flavor's profile overrides it field by field. */
  defaults: KubernetesProfileSchema.optional(),
  /** Per flavor (the `<flavor>` of `hf-jobs-<flavor>`, or a label rule's flavor): resources and placement. */
  flavors: z.record(z.string(), KubernetesProfileSchema).optional(),
});

/** The Kubernetes provider's settings, parsed. */
export interface KubernetesSettings {
  readonly namespace: string;
  readonly kubeconfigPath: string | null;
  readonly context: string | null;
  readonly inCluster: boolean;
  readonly ttlSecondsAfterFinished: number;
  readonly pendingTimeoutSeconds: number;
  readonly serviceAccountName: string | null;
  readonly imagePullSecrets: readonly string[];
  readonly defaults: KubernetesProfile;
  readonly flavors: Readonly<Record<string, KubernetesProfile>>;
}

const toSeconds = (value: string | number | undefined, fallback: number): number => (value === undefined ? fallback : typeof value === "number" ? value : (parseDuration(value) ?? fallback));

/**
 * `kubernetes:` from offload.yaml (folded into `OFFLOAD_KUBERNETES` by read-config-file) with the
 * environment's single settings on top: `OFFLOAD_KUBERNETES_NAMESPACE`, `KUBECONFIG`,
 * `OFFLOAD_KUBERNETES_CONTEXT`, `OFFLOAD_KUBERNETES_IN_CLUSTER`.
 */
export function readKubernetesSettings(reader: SettingsReader): KubernetesSettings {
  const section = reader.parse(
    "OFFLOAD_KUBERNETES",
    {},
    (text) => {
      try {
        const parsed = KubernetesFileSchema.safeParse(JSON.parse(text));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    "the kubernetes section as offload.yaml documents it (namespace, kubeconfig, context, inCluster, ttlAfterFinished, pendingTimeout, defaults, flavors)",
    "Fix the kubernetes section of offload.yaml (docs/kubernetes.md), or unset OFFLOAD_KUBERNETES.",
  );
  const namespace = reader.parse("OFFLOAD_KUBERNETES_NAMESPACE", section.namespace ?? "offload-runners", (text) => (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(text) ? text : null), "a namespace name (lower-case letters, digits, '-')", "Set OFFLOAD_KUBERNETES_NAMESPACE to the namespace the runner Jobs go to, e.g. offload-runners.");
  const inCluster = reader.parse("OFFLOAD_KUBERNETES_IN_CLUSTER", section.inCluster ?? false, (text) => (text === "true" ? true : text === "false" ? false : null), "true or false", "Set OFFLOAD_KUBERNETES_IN_CLUSTER=true inside a cluster, or unset it.");
  return {
    namespace,
    kubeconfigPath: reader.text("KUBECONFIG") ?? section.kubeconfig ?? null,
    context: reader.text("OFFLOAD_KUBERNETES_CONTEXT") ?? section.context ?? null,
    inCluster,
    ttlSecondsAfterFinished: toSeconds(section.ttlAfterFinished, 600),
    pendingTimeoutSeconds: toSeconds(section.pendingTimeout, 300),
    serviceAccountName: section.serviceAccountName ?? null,
    imagePullSecrets: section.imagePullSecrets ?? [],
    defaults: section.defaults ?? {},
    flavors: section.flavors ?? {},
  };
}
