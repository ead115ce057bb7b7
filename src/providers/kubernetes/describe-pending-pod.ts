import type { V1Pod } from "@kubernetes/client-node";

/** Container waiting reasons that do not clear up by themselves (kubelet's image and config errors). */
const STUCK_WAITING = new Set(["ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull", "CreateContainerConfigError", "CreateContainerError"]);

/** Why a pod is stuck before its container runs, in Kubernetes' own words, and since when. */
export interface PendingReason {
  readonly reason: string;
  readonly message: string;
  /** Since when it is known to be stuck (ms since epoch), for the pending timeout. */
  readonly sinceMs: number;
}

/**
 * A Pending pod the scheduler cannot place (condition PodScheduled=False, reason Unschedulable:
 * "0/3 nodes are available: 3 Insufficient nvidia.com/gpu") or whose container cannot start
 * (waiting on ImagePullBackOff, ErrImagePull, ...). Null for a pod that is merely on its way.
 */
export function describePendingPod(pod: V1Pod): PendingReason | null {
  if (pod.status?.phase !== "Pending") return null;
  const created = toMs(pod.metadata?.creationTimestamp) ?? 0;
  const scheduled = (pod.status.conditions ?? []).find((c) => c.type === "PodScheduled");
  if (scheduled?.status === "False" && scheduled.reason === "Unschedulable") {
    return { reason: "Unschedulable", message: scheduled.message ?? "no node fits the pod", sinceMs: created };
  }
  for (const status of pod.status.containerStatuses ?? []) {
    const waiting = status.state?.waiting;
    if (waiting?.reason !== undefined && STUCK_WAITING.has(waiting.reason)) {
      return { reason: waiting.reason, message: waiting.message ?? `container ${status.name} cannot start`, sinceMs: toMs(scheduled?.lastTransitionTime) ?? created };
    }
  }
  return null;
}

export function toMs(value: Date | string | undefined | null): number | null {
  if (value === undefined || value === null) return null;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}
