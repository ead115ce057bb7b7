import type { V1Job, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { toKubernetesStatus } from "../../../src/providers/kubernetes/to-kubernetes-status.js";

const T0 = Date.parse("2026-12-04T10:00:00Z");
const job = (status: NonNullable<V1Job["status"]> = {}, metadata: NonNullable<V1Job["metadata"]> = {}): V1Job => ({ metadata: { name: "r1", annotations: { "offload.dev/runner-name": "R.1" }, ...metadata }, status });
const pod = (status: NonNullable<V1Pod["status"]>): V1Pod => ({ metadata: { name: "r1-abcde", creationTimestamp: new Date(T0) }, status });
const unschedulable = pod({ phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: "0/2 nodes are available: 2 Insufficient nvidia.com/gpu." }] });
const pullBackOff = pod({ phase: "Pending", conditions: [{ type: "PodScheduled", status: "True", lastTransitionTime: new Date(T0) }], containerStatuses: [{ name: "runner", image: "x", imageID: "", ready: false, restartCount: 0, state: { waiting: { reason: "ImagePullBackOff", message: 'Back-off pulling image "x"' } } }] });
const failedPod = pod({ phase: "Failed", containerStatuses: [{ name: "runner", image: "x", imageID: "", ready: false, restartCount: 0, state: { terminated: { exitCode: 7, reason: "Error" } } }] });
const at = new Date(T0 + 5_000);

const cases: Array<[string, V1Job, V1Pod[], number, { state: string; message: string | null; boot?: boolean }]> = [
  ["a Job just created is starting", job(), [], T0, { state: "starting", message: null }],
  ["a Job with a running pod is running", job({ active: 1 }), [pod({ phase: "Running" })], T0, { state: "running", message: null }],
  ["a listed Job with a ready pod is running", job({ active: 1, ready: 1 }), [], T0, { state: "running", message: null }],
  ["Complete is succeeded", job({ conditions: [{ type: "Complete", status: "True", lastTransitionTime: at }] }), [], T0, { state: "succeeded", message: null }],
  [
    "Failed carries the exit code and Kubernetes' reason",
    job({ conditions: [{ type: "Failed", status: "True", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" }] }),
    [failedPod],
    T0,
    { state: "failed", message: "runner exited with code 7 (Error); BackoffLimitExceeded: Job has reached the specified backoff limit" },
  ],
  ["a Job being deleted is cancelled", job({ active: 1 }, { deletionTimestamp: at }), [], T0, { state: "cancelled", message: "the Job is being deleted" }],
  ["an unschedulable pod within the timeout waits with the scheduler's words", job(), [unschedulable], T0 + 59_000, { state: "starting", message: "pod r1-abcde is Pending: Unschedulable: 0/2 nodes are available: 2 Insufficient nvidia.com/gpu." }],
  ["an unschedulable pod past the timeout is a boot failure", job(), [unschedulable], T0 + 60_000, { state: "failed", message: "pod r1-abcde is Pending: Unschedulable: 0/2 nodes are available: 2 Insufficient nvidia.com/gpu.", boot: true }],
  ["an image pull back-off past the timeout is a boot failure", job(), [pullBackOff], T0 + 61_000, { state: "failed", message: 'pod r1-abcde is Pending: ImagePullBackOff: Back-off pulling image "x"', boot: true }],
];

describe("toKubernetesStatus", () => {
  it.each(cases)("%s", (_name, input, pods, now, expected) => {
    const { status, bootFailure } = toKubernetesStatus(input, pods, now, 60_000);
    expect({ state: status.state, message: status.message }).toEqual({ state: expected.state, message: expected.message });
    expect(bootFailure).toBe(expected.boot ?? false);
    expect(status.runnerName).toBe("R.1");
  });
});
