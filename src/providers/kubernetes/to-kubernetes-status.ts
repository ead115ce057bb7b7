import type { V1Job, V1Pod } from "@kubernetes/client-node";
import type { ComputeStatus } from "../provider.js";
import { describePendingPod, toMs } from "./describe-pending-pod.js";
import { RUNNER_LABEL, RUNNER_NAME_ANNOTATION } from "./kubernetes-labels.js";

/** A status and, for a pod stuck in Pending past the timeout, the note that it is a boot failure to stop. */
export interface KubernetesStatus {
  readonly status: ComputeStatus;
  readonly bootFailure: boolean;
}

/**
 * A Job (and its pods, when read) in our words. Finished: the Job's Complete or Failed condition,
 * with the runner's exit code from the pod. Being deleted: cancelled. Otherwise running once a
 * pod runs, else starting; a pod stuck in Pending (unschedulable, image pull back-off) longer than
 * `pendingTimeoutMs` is a failed boot with Kubernetes' reason as the message.
 */
export function toKubernetesStatus(job: V1Job, pods: readonly V1Pod[], nowMs: number, pendingTimeoutMs: number): KubernetesStatus {
  const id = job.metadata?.name ?? "";
  const runnerName = job.metadata?.annotations?.[RUNNER_NAME_ANNOTATION] ?? job.metadata?.labels?.[RUNNER_LABEL] ?? null;
  const pod = newest(pods);
  const startedAt = iso(pod?.status?.containerStatuses?.[0]?.state?.running?.startedAt ?? pod?.status?.containerStatuses?.[0]?.state?.terminated?.startedAt ?? job.status?.startTime);
  const base = { id, runnerName, startedAt };
  const finished = (job.status?.conditions ?? []).find((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True");
  if (finished !== undefined) {
    const finishedAt = iso(job.status?.completionTime ?? finished.lastTransitionTime);
    if (finished.type === "Complete") return ok({ ...base, state: "succeeded", message: null, finishedAt });
    const terminated = pod?.status?.containerStatuses?.[0]?.state?.terminated;
    const exit = terminated === undefined ? "" : `runner exited with code ${terminated.exitCode}${terminated.reason === undefined ? "" : ` (${terminated.reason})`}; `;
    return ok({ ...base, state: "failed", message: `${exit}${finished.reason ?? "Failed"}: ${finished.message ?? "the Job failed"}`, finishedAt });
  }
  if (job.metadata?.deletionTimestamp !== undefined) return ok({ ...base, state: "cancelled", message: "the Job is being deleted", finishedAt: iso(job.metadata.deletionTimestamp) });
  const running = pods.some((p) => p.status?.phase === "Running") || (pods.length === 0 && (job.status?.ready ?? 0) > 0);
  if (running) return ok({ ...base, state: "running", message: null, finishedAt: null });
  const pending = pod === undefined ? null : describePendingPod(pod);
  if (pending === null) return ok({ ...base, state: "starting", message: null, finishedAt: null });
  const text = `pod ${pod?.metadata?.name ?? ""} is Pending: ${pending.reason}: ${pending.message}`;
  if (nowMs - pending.sinceMs >= pendingTimeoutMs) {
    return { status: { ...base, state: "failed", message: text, finishedAt: new Date(nowMs).toISOString() }, bootFailure: true };
  }
  return ok({ ...base, state: "starting", message: text, finishedAt: null });
}

function ok(status: ComputeStatus): KubernetesStatus {
  return { status, bootFailure: false };
}

function newest(pods: readonly V1Pod[]): V1Pod | undefined {
  return [...pods].sort((a, b) => (toMs(b.metadata?.creationTimestamp) ?? 0) - (toMs(a.metadata?.creationTimestamp) ?? 0))[0];
}

function iso(value: Date | string | undefined | null): string | null {
  const ms = toMs(value);
  return ms === null ? null : new Date(ms).toISOString();
}

export function goneStatus(id: string): ComputeStatus {
  return { id, runnerName: null, state: "gone", message: "the cluster no longer knows this Job", startedAt: null, finishedAt: null };
}
