import { kubernetesStatusOf } from "./kubernetes-api-error.js";
import type { KubernetesContext } from "./kubernetes-context.js";
import { inspectKubernetesJob } from "./inspect-kubernetes-job.js";

/**
 * Deletes the Job with foreground propagation: the Job stays (marked for deletion) until its pod
 * has stopped and its Secret is gone, so no runner outlives a cancel. A Job that is gone already,
 * or has finished, is not an error; a finished one is left for its TTL so inspect can still tell.
 */
export async function cancelKubernetesJob(context: KubernetesContext, id: string): Promise<void> {
  const current = await inspectKubernetesJob(context, id);
  if (current.state === "gone" || current.state === "succeeded" || current.state === "failed" || current.state === "cancelled") return;
  context.remember(id, { ...current, state: "cancelled", message: "cancelled by offload", finishedAt: new Date(context.clock.now()).toISOString() });
  try {
    await context.call("delete job", () => context.batch.deleteNamespacedJob({ name: id, namespace: context.namespace, propagationPolicy: "Foreground" }));
  } catch (error) {
    if (kubernetesStatusOf(error) !== 404) throw error;
  }
}
