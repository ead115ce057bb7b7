import { randomBytes } from "node:crypto";
import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { KubeObject } from "./kube-object.js";
import { deleteKubeObject } from "./delete-kube-object.js";
import { runSimPod } from "./run-sim-pod.js";
import { validateKubeObject } from "./validate-kube-object.js";
import type { SimCluster } from "./sim-cluster.js";

/**
 * The Job controller's part (pkg/controller/job, Kubernetes 1.32) for the non-indexed, single
 * completion Jobs offload creates: one pod from the template, owned by the Job; on its end the
 * Job's counts and conditions; a new pod while failures stay within `backoffLimit`; the Job failed
 * with DeadlineExceeded at `activeDeadlineSeconds`; and, `ttlSecondsAfterFinished` after it
 * finished, the Job deleted with its pods (the TTL-after-finished controller).
 */
export function startJob(cluster: SimCluster, job: KubeObject): void {
  const { namespace, name } = job.metadata;
  cluster.store.update("jobs", namespace, name, (j) => {
    j["status"] = { startTime: cluster.store.iso(), active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} };
  });
  const deadline = (job as unknown as IJob).spec?.activeDeadlineSeconds;
  if (deadline !== undefined) {
    void cluster.clock.sleep(deadline * 1000, cluster.closing.signal).then(() => failOnDeadline(cluster, job), () => undefined);
  }
  void runAttempt(cluster, job);
}

async function runAttempt(cluster: SimCluster, job: KubeObject): Promise<void> {
  const { namespace, name, uid } = job.metadata;
  const podName = `${name}-${randomBytes(4).toString("hex").slice(0, 5)}`;
  const template = (job as unknown as IJob).spec?.template;
  const pod: KubeObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: podName,
      namespace,
      uid: "",
      labels: { ...(template?.metadata?.labels ?? {}) },
      ...(template?.metadata?.annotations === undefined ? {} : { annotations: { ...template.metadata.annotations } }),
      ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name, uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: { terminationGracePeriodSeconds: 30, dnsPolicy: "ClusterFirst", schedulerName: "default-scheduler", securityContext: {}, ...(template?.spec ?? {}) },
    status: { phase: "Pending", qosClass: "Burstable" },
  };
  // The controller's pods pass the same checks as anything sent to the API.
  validateKubeObject("pods", pod);
  cluster.store.create("pods", pod);
  const exitCode = await runSimPod(cluster, namespace, podName, () => {
    cluster.store.update("jobs", namespace, name, (j) => {
      if (j.metadata.uid === uid) (j["status"] as Record<string, unknown>)["ready"] = 1;
    });
  });
  if (exitCode === null) return;
  const current = cluster.store.get("jobs", namespace, name);
  if (current === undefined || current.metadata.uid !== uid || current.metadata.deletionTimestamp !== undefined || isFinished(current)) return;
  const status = (current["status"] ?? {}) as Record<string, number | undefined>;
  if (exitCode === 0) return finish(cluster, current, "Complete", "CompletionsReached", "Reached expected number of succeeded pods", { succeeded: 1 });
  const failed = (status["failed"] ?? 0) + 1;
  const backoffLimit = (current as unknown as IJob).spec?.backoffLimit ?? 6;
  if (failed > backoffLimit) return finish(cluster, current, "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit", { failed });
  cluster.store.update("jobs", namespace, name, (j) => {
    (j["status"] as Record<string, unknown>)["failed"] = failed;
  });
  void runAttempt(cluster, current);
}

function failOnDeadline(cluster: SimCluster, job: KubeObject): void {
  const current = cluster.store.get("jobs", job.metadata.namespace, job.metadata.name);
  if (current === undefined || current.metadata.uid !== job.metadata.uid || isFinished(current)) return;
  finish(cluster, current, "Failed", "DeadlineExceeded", "Job was active longer than specified deadline", { failed: 1 });
  for (const dependent of cluster.store.dependentsOf(job.metadata.uid)) {
    if (dependent.resource === "pods") void deleteKubeObject(cluster, "pods", dependent.object, "Background").catch(() => undefined);
  }
}

function finish(cluster: SimCluster, job: KubeObject, type: "Complete" | "Failed", reason: string, message: string, counts: Record<string, number>): void {
  const now = cluster.store.iso();
  const target = type === "Complete" ? "SuccessCriteriaMet" : "FailureTarget";
  const conditions = [target, type].map((t) => ({ type: t, status: "True", reason, message, lastProbeTime: now, lastTransitionTime: now }));
  cluster.store.update("jobs", job.metadata.namespace, job.metadata.name, (j) => {
    const status = (j["status"] ?? {}) as Record<string, unknown>;
    delete status["active"];
    j["status"] = { ...status, ...counts, ready: 0, conditions, ...(type === "Complete" ? { completionTime: now } : {}) };
  });
  const ttl = (job as unknown as IJob).spec?.ttlSecondsAfterFinished;
  if (ttl === undefined) return;
  void cluster.clock.sleep(ttl * 1000, cluster.closing.signal).then(
    () => {
      const current = cluster.store.get("jobs", job.metadata.namespace, job.metadata.name);
      if (current?.metadata.uid === job.metadata.uid) void deleteKubeObject(cluster, "jobs", current, "Background").catch(() => undefined);
    },
    () => undefined,
  );
}

export function isFinished(job: KubeObject): boolean {
  const conditions = ((job as unknown as IJob).status?.conditions ?? []);
  return conditions.some((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True");
}
