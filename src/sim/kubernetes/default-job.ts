import { randomUUID } from "node:crypto";
import { isRecord, type KubeObject } from "./kube-object.js";

/**
 * What the API server fills in on a new Job (pkg/apis/batch/v1 defaults and the Job strategy's
 * PrepareForCreate, Kubernetes 1.32): a uid, counts, the generated selector on the controller uid
 * and the labels the Job controller puts on its pods, so `kubectl describe job` finds them.
 */
export function defaultJob(body: KubeObject): KubeObject {
  const uid = randomUUID();
  const spec = isRecord(body["spec"]) ? { ...body["spec"] } : {};
  const template = isRecord(spec["template"]) ? { ...spec["template"] } : {};
  const templateMetadata = isRecord(template["metadata"]) ? { ...template["metadata"] } : {};
  const generated = {
    "batch.kubernetes.io/controller-uid": uid,
    "batch.kubernetes.io/job-name": body.metadata.name,
    "controller-uid": uid,
    "job-name": body.metadata.name,
  };
  templateMetadata["labels"] = { ...(isRecord(templateMetadata["labels"]) ? templateMetadata["labels"] : {}), ...generated };
  template["metadata"] = templateMetadata;
  return {
    ...body,
    metadata: { ...body.metadata, uid },
    spec: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      completionMode: "NonIndexed",
      suspend: false,
      podReplacementPolicy: "TerminatingOrFailed",
      manualSelector: false,
      ...spec,
      selector: { matchLabels: { "batch.kubernetes.io/controller-uid": uid } },
      template,
    },
    status: {},
  };
}
