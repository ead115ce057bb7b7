/**
 * The legacy discovery documents (`/api`, `/apis`, `/api/v1`, `/apis/batch/v1`) that clients such
 * as kubectl read to map `jobs`, `pods` and `secrets` to their paths. kubectl 1.32 first asks for
 * aggregated discovery (apidiscovery.k8s.io/v2) and falls back to these on a plain JSON answer.
 */
const VERBS = ["create", "delete", "get", "list"];

export const API_VERSIONS = { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1" }] };

export const API_GROUP_LIST = {
  kind: "APIGroupList",
  apiVersion: "v1",
  groups: [{ name: "batch", versions: [{ groupVersion: "batch/v1", version: "v1" }], preferredVersion: { groupVersion: "batch/v1", version: "v1" } }],
};

export const CORE_V1_RESOURCES = {
  kind: "APIResourceList",
  groupVersion: "v1",
  resources: [
    { name: "pods", singularName: "pod", namespaced: true, kind: "Pod", verbs: VERBS, shortNames: ["po"], categories: ["all"] },
    { name: "pods/log", singularName: "", namespaced: true, kind: "Pod", verbs: ["get"] },
    { name: "secrets", singularName: "secret", namespaced: true, kind: "Secret", verbs: VERBS },
    { name: "events", singularName: "event", namespaced: true, kind: "Event", verbs: ["list"], shortNames: ["ev"] },
  ],
};

export const BATCH_V1_RESOURCES = {
  kind: "APIResourceList",
  apiVersion: "v1",
  groupVersion: "batch/v1",
  resources: [{ name: "jobs", singularName: "job", namespaced: true, kind: "Job", verbs: VERBS, categories: ["all"] }],
};

export const VERSION = { major: "1", minor: "32", gitVersion: "v1.32.0-offload-sim", platform: "linux/amd64" };
