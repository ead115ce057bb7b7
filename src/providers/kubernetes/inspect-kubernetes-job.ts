import type { V1Job, V1Pod } from "@kubernetes/client-node";
import type { ComputeStatus } from "../provider.js";
import { kubernetesStatusOf } from "./kubernetes-api-error.js";
import type { KubernetesContext } from "./kubernetes-context.js";
import { stopStuckJob } from "./stop-stuck-job.js";
import { goneStatus, toKubernetesStatus } from "./to-kubernetes-status.js";

/**
 * The Job's state in our words. A 404 is `gone`, unless this process deleted it (then what it
 * remembered). A pod stuck in Pending past the timeout is reported as a boot failure and its Job
 * deleted, so nothing waits on a pod that will never run and the Job does not linger unfinished.
 */
export async function inspectKubernetesJob(context: KubernetesContext, id: string): Promise<ComputeStatus> {
  let job: V1Job;
  try {
    job = await context.call("read job", () => context.batch.readNamespacedJob({ name: id, namespace: context.namespace }));
  } catch (error) {
    if (kubernetesStatusOf(error) === 404) return context.recall(id) ?? goneStatus(id);
    throw error;
  }
  const remembered = context.recall(id);
  if (remembered !== undefined) return remembered;
  const { status, bootFailure } = toKubernetesStatus(job, await listJobPods(context, job), context.clock.now(), context.pendingTimeoutMs);
  if (bootFailure) await stopStuckJob(context, id, status);
  return status;
}

/** The Job's pods, found by the selector the API server generated for it. */
export async function listJobPods(context: KubernetesContext, job: V1Job): Promise<V1Pod[]> {
  const matchLabels = job.spec?.selector?.matchLabels ?? { "batch.kubernetes.io/job-name": job.metadata?.name ?? "" };
  const labelSelector = Object.entries(matchLabels).map(([key, value]) => `${key}=${value}`).join(",");
  const list = await context.call("list pods", () => context.core.listNamespacedPod({ namespace: context.namespace, labelSelector }));
  return list.items;
}
