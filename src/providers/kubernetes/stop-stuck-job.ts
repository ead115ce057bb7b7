import type { ComputeStatus } from "../provider.js";
import type { KubernetesContext } from "./kubernetes-context.js";

/**
 * A Job whose pod is stuck in Pending past the timeout: remembered as the boot failure it is
 * (inspect answers with it, Kubernetes' reason in the message, also once the Job is gone) and
 * deleted, so the pod stops waiting for a node or an image that will not come.
 */
export async function stopStuckJob(context: KubernetesContext, id: string, status: ComputeStatus): Promise<void> {
  context.log.info({ computeId: id, reason: status.message }, "Kubernetes pod stuck in Pending; stopping it as a boot failure");
  context.remember(id, status);
  await context.call("delete job", () => context.batch.deleteNamespacedJob({ name: id, namespace: context.namespace, propagationPolicy: "Foreground" })).catch(() => undefined);
}
