import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { IPod } from "kubernetes-models/v1/Pod";
import type { KubeObject, SimResource } from "./kube-object.js";

interface Column {
  readonly name: string;
  readonly type: "string" | "integer";
  readonly priority: number;
  readonly cell: (object: KubeObject, now: number) => string | number;
}

/**
 * A `meta.k8s.io/v1` Table, the server-side printing `kubectl get` asks for with
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`; columns as the 1.32 printers name them.
 */
export function renderKubeTable(resource: SimResource, objects: readonly KubeObject[], now: number, resourceVersion: string): Record<string, unknown> {
  const columns = COLUMNS[resource];
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: { resourceVersion },
    columnDefinitions: columns.map((c) => ({ name: c.name, type: c.type, format: c.name === "Name" ? "name" : "", description: c.name, priority: c.priority })),
    rows: objects.map((object) => ({
      cells: columns.map((c) => c.cell(object, now)),
      object: { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: object.metadata },
    })),
  };
}

const name: Column = { name: "Name", type: "string", priority: 0, cell: (o) => o.metadata.name };
const age: Column = { name: "Age", type: "string", priority: 0, cell: (o, now) => humanDuration(now - Date.parse(o.metadata.creationTimestamp ?? new Date(now).toISOString())) };

const COLUMNS: Readonly<Record<SimResource, readonly Column[]>> = {
  jobs: [
    name,
    { name: "Status", type: "string", priority: 0, cell: (o) => jobStatus(o as unknown as IJob) },
    { name: "Completions", type: "string", priority: 0, cell: (o) => `${(o as unknown as IJob).status?.succeeded ?? 0}/${(o as unknown as IJob).spec?.completions ?? 1}` },
    { name: "Duration", type: "string", priority: 0, cell: (o, now) => jobDuration(o as unknown as IJob, now) },
    age,
    { name: "Containers", type: "string", priority: 1, cell: (o) => ((o as unknown as IJob).spec?.template.spec?.containers ?? []).map((c) => c.name).join(",") },
    { name: "Images", type: "string", priority: 1, cell: (o) => ((o as unknown as IJob).spec?.template.spec?.containers ?? []).map((c) => c.image ?? "").join(",") },
  ],
  pods: [
    name,
    { name: "Ready", type: "string", priority: 0, cell: (o) => podReady(o as unknown as IPod) },
    { name: "Status", type: "string", priority: 0, cell: (o) => podStatus(o as unknown as IPod) },
    { name: "Restarts", type: "string", priority: 0, cell: () => "0" },
    age,
    { name: "Node", type: "string", priority: 1, cell: (o) => (o as unknown as IPod).spec?.nodeName ?? "<none>" },
  ],
  secrets: [
    name,
    { name: "Type", type: "string", priority: 0, cell: (o) => String(o["type"] ?? "Opaque") },
    { name: "Data", type: "integer", priority: 0, cell: (o) => Object.keys((o["data"] ?? {}) as object).length },
    age,
  ],
};

function jobStatus(job: IJob): string {
  if (job.metadata?.deletionTimestamp !== undefined) return "Terminating";
  const condition = (job.status?.conditions ?? []).find((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True");
  return condition?.type ?? "Running";
}

function jobDuration(job: IJob, now: number): string {
  const start = job.status?.startTime;
  if (start === undefined) return "";
  const end = job.status?.completionTime === undefined ? now : Date.parse(job.status.completionTime);
  return humanDuration(end - Date.parse(start));
}

function podReady(pod: IPod): string {
  const statuses = pod.status?.containerStatuses ?? [];
  return `${statuses.filter((s) => s.ready).length}/${pod.spec?.containers.length ?? 0}`;
}

function podStatus(pod: IPod): string {
  if (pod.metadata?.deletionTimestamp !== undefined) return "Terminating";
  const state = pod.status?.containerStatuses?.[0]?.state;
  return state?.waiting?.reason ?? state?.terminated?.reason ?? pod.status?.phase ?? "Pending";
}

/** apimachinery's duration.HumanDuration, in its coarse steps (5s, 3m10s, 42m, 5h, 3d). */
function humanDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours}h` : `${Math.floor(hours / 24)}d`;
}
