import type { IncomingMessage, ServerResponse } from "node:http";
import { API_GROUP_LIST, API_VERSIONS, BATCH_V1_RESOURCES, CORE_V1_RESOURCES, VERSION } from "./kube-discovery.js";
import { cloneObject, isRecord, type KubeObject, type SimResource } from "./kube-object.js";
import { KubeStatusError } from "./kube-status-error.js";
import { parseLabelSelector } from "./match-label-selector.js";
import { collectOrphan, deleteKubeObject, type Propagation } from "./delete-kube-object.js";
import { defaultJob } from "./default-job.js";
import { streamPodLog } from "./stream-pod-log.js";
import { renderKubeTable } from "./render-kube-table.js";
import type { SimCluster } from "./sim-cluster.js";
import { startJob } from "./sim-job-controller.js";
import { validateKubeObject } from "./validate-kube-object.js";

const DISCOVERY: Readonly<Record<string, unknown>> = {
  "/api": API_VERSIONS,
  "/apis": API_GROUP_LIST,
  "/api/v1": CORE_V1_RESOURCES,
  "/apis/batch/v1": BATCH_V1_RESOURCES,
  "/version": VERSION,
};

const LIST_KINDS: Readonly<Record<SimResource, { kind: string; apiVersion: string }>> = {
  jobs: { kind: "JobList", apiVersion: "batch/v1" },
  pods: { kind: "PodList", apiVersion: "v1" },
  secrets: { kind: "SecretList", apiVersion: "v1" },
};

const ROUTE = /^\/(?:api\/v1|apis\/batch\/v1)\/namespaces\/([^/]+)\/([a-z]+)(?:\/([^/]+)(?:\/(log))?)?$/;

/** One API request: discovery, then namespaced jobs (batch/v1), pods and secrets (v1). */
export async function handleKubeRequest(cluster: SimCluster, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
  const discovery = DISCOVERY[url.pathname];
  if (discovery !== undefined && request.method === "GET") return sendJson(response, 200, discovery);
  const match = ROUTE.exec(url.pathname);
  if (match === null) throw new KubeStatusError(404, "NotFound", "the server could not find the requested resource");
  const [, namespace = "", collection = "", name, sub] = match;
  const batch = url.pathname.startsWith("/apis/batch/v1/");
  if (collection === "events" && !batch && name === undefined) return sendJson(response, 200, { kind: "EventList", apiVersion: "v1", metadata: { resourceVersion: cluster.store.resourceVersion }, items: [] });
  const resource = resourceOf(collection, batch);
  if (sub === "log") {
    if (resource !== "pods" || request.method !== "GET") throw new KubeStatusError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
    return streamPodLog(cluster, namespace, name ?? "", url.searchParams, request, response);
  }
  if (request.method === "GET" && name === undefined) return sendList(cluster, resource, namespace, request, response, url);
  if (request.method === "GET" && name !== undefined) return sendObject(cluster, resource, [cluster.store.mustGet(resource, namespace, name)], request, response, 200, true);
  if (request.method === "POST" && name === undefined) return create(cluster, resource, namespace, await readJson(request), url, request, response);
  if (request.method === "DELETE" && name !== undefined) return remove(cluster, resource, namespace, name, await readJson(request), url, response);
  throw new KubeStatusError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
}

function resourceOf(collection: string, batch: boolean): SimResource {
  if (batch && collection === "jobs") return "jobs";
  if (!batch && (collection === "pods" || collection === "secrets")) return collection;
  throw new KubeStatusError(404, "NotFound", "the server could not find the requested resource");
}

function sendList(cluster: SimCluster, resource: SimResource, namespace: string, request: IncomingMessage, response: ServerResponse, url: URL): void {
  const selector = parseLabelSelector(url.searchParams.get("labelSelector"));
  const items = cluster.store.list(resource, namespace).filter((object) => selector(object.metadata.labels));
  if (wantsTable(request)) return sendJson(response, 200, renderKubeTable(resource, items, cluster.clock.now(), cluster.store.resourceVersion));
  sendJson(response, 200, { ...LIST_KINDS[resource], metadata: { resourceVersion: cluster.store.resourceVersion }, items });
}

function sendObject(cluster: SimCluster, resource: SimResource, objects: KubeObject[], request: IncomingMessage, response: ServerResponse, code: number, single: boolean): void {
  if (wantsTable(request)) return sendJson(response, code, renderKubeTable(resource, objects, cluster.clock.now(), cluster.store.resourceVersion));
  sendJson(response, code, single ? objects[0] : objects);
}

function create(cluster: SimCluster, resource: SimResource, namespace: string, body: unknown, url: URL, request: IncomingMessage, response: ServerResponse): void {
  if (isRecord(body) && isRecord(body["metadata"])) {
    const given = body["metadata"]["namespace"];
    if (given !== undefined && given !== namespace) throw new KubeStatusError(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
    if (typeof body["metadata"]["name"] !== "string" && typeof body["metadata"]["generateName"] === "string") {
      body["metadata"]["name"] = `${body["metadata"]["generateName"]}${Math.random().toString(36).slice(2, 7)}`;
    }
  }
  validateKubeObject(resource, body);
  const incoming = cloneObject(body) as KubeObject;
  incoming.metadata = { ...incoming.metadata, namespace, uid: "" };
  delete incoming["status"];
  const prepared = resource === "jobs" ? defaultJob(incoming) : resource === "secrets" ? { type: "Opaque", ...incoming } : incoming;
  if (url.searchParams.has("dryRun")) return sendObject(cluster, resource, [prepared], request, response, 201, true);
  const stored = cluster.store.create(resource, prepared);
  collectOrphan(cluster, resource, stored);
  if (resource === "jobs" && (stored["spec"] as Record<string, unknown>)["suspend"] !== true) startJob(cluster, stored);
  sendObject(cluster, resource, [cluster.store.get(resource, namespace, stored.metadata.name) ?? stored], request, response, 201, true);
}

async function remove(cluster: SimCluster, resource: SimResource, namespace: string, name: string, body: unknown, url: URL, response: ServerResponse): Promise<void> {
  const object = cluster.store.mustGet(resource, namespace, name);
  const fromBody = isRecord(body) ? body["propagationPolicy"] : undefined;
  const policy = url.searchParams.get("propagationPolicy") ?? (typeof fromBody === "string" ? fromBody : null);
  // batch/v1 Jobs orphan their pods unless told otherwise, kept for compatibility (kubernetes#71801).
  const propagation = (policy ?? (resource === "jobs" ? "Orphan" : "Background")) as Propagation;
  if (!["Foreground", "Background", "Orphan"].includes(propagation)) throw new KubeStatusError(400, "BadRequest", `propagationPolicy "${propagation}" is not supported`);
  const { object: last, gone } = await deleteKubeObject(cluster, resource, object, propagation);
  if (!gone) return sendJson(response, 200, last);
  sendJson(response, 200, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details: { name, group: resource === "jobs" ? "batch" : "", kind: resource, uid: object.metadata.uid } });
}

function wantsTable(request: IncomingMessage): boolean {
  return /as=Table/.test(request.headers.accept ?? "");
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new KubeStatusError(400, "BadRequest", "the body of the request was in an unknown format - accepted media types include: application/json");
  }
}

export function sendJson(response: ServerResponse, code: number, body: unknown): void {
  response.writeHead(code, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}
