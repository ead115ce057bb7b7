import type { V1Job, V1Pod } from "@kubernetes/client-node";
import type { ComputeStatus } from "../provider.js";
import { toMs } from "./describe-pending-pod.js";
import type { KubernetesContext } from "./kubernetes-context.js";
import { DISPATCHER_LABEL, sanitiseLabelValue } from "./kubernetes-labels.js";
import { stopStuckJob } from "./stop-stuck-job.js";
import { toKubernetesStatus } from "./to-kubernetes-status.js";

/**
 * Our Jobs that have not ended, by label selector on the dispatcher label: one list call (a Job
 * with a ready pod is running, else starting). Only when some Job has had no ready pod for longer
 * than the pending timeout are our pods listed too (one more call, same selector: the pods carry
 * the Job's labels), and a Job whose pod is stuck is stopped as a boot failure and left out, so
 * the reconciler inspects it and reads Kubernetes' reason. Jobs being deleted are left out.
 */
export async function listKubernetesJobs(context: KubernetesContext): Promise<ComputeStatus[]> {
  const labelSelector = `${DISPATCHER_LABEL}=${sanitiseLabelValue(context.dispatcherId)}`;
  const now = context.clock.now();
  const list = await context.call("list jobs", () => context.batch.listNamespacedJob({ namespace: context.namespace, labelSelector }));
  const jobs = list.items.filter((job) => context.recall(job.metadata?.name ?? "") === undefined);
  const overdue = (job: V1Job): boolean => (job.status?.ready ?? 0) === 0 && now - (toMs(job.metadata?.creationTimestamp) ?? now) >= context.pendingTimeoutMs;
  const pods: V1Pod[] = jobs.some(overdue) ? (await context.call("list pods", () => context.core.listNamespacedPod({ namespace: context.namespace, labelSelector }))).items : [];
  const statuses: ComputeStatus[] = [];
  for (const job of jobs) {
    const name = job.metadata?.name ?? "";
    const own = overdue(job) ? pods.filter((pod) => pod.metadata?.labels?.["batch.kubernetes.io/job-name"] === name) : [];
    const { status, bootFailure } = toKubernetesStatus(job, own, now, own.length > 0 ? context.pendingTimeoutMs : Number.POSITIVE_INFINITY);
    if (bootFailure) await stopStuckJob(context, name, status);
    else if (status.state === "starting" || status.state === "running") statuses.push(status);
  }
  return statuses;
}
