import type { ComputeStatus } from "../provider.js";
import type { KubernetesContext } from "./kubernetes-context.js";
import { DISPATCHER_LABEL, sanitiseLabelValue } from "./kubernetes-labels.js";
import { toKubernetesStatus } from "./to-kubernetes-status.js";

/**
 * Our Jobs that have not ended, by label selector on the dispatcher label: one list call, no pod
 * reads (a Job with a ready pod is running, else starting). Jobs being deleted are left out.
 */
export async function listKubernetesJobs(context: KubernetesContext): Promise<ComputeStatus[]> {
  const labelSelector = `${DISPATCHER_LABEL}=${sanitiseLabelValue(context.dispatcherId)}`;
  const list = await context.call("list jobs", () => context.batch.listNamespacedJob({ namespace: context.namespace, labelSelector }));
  return list.items
    .map((job) => toKubernetesStatus(job, [], context.clock.now(), Number.POSITIVE_INFINITY).status)
    .filter((status) => (status.state === "starting" || status.state === "running") && context.recall(status.id) === undefined);
}
