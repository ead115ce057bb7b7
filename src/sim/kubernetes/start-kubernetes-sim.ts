import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { systemClock, type Clock } from "../../clock/clock.js";
import { createSimCertificate } from "./create-sim-certificate.js";
import { handleKubeRequest, sendJson } from "./handle-kube-request.js";
import type { KubeObject, SimResource } from "./kube-object.js";
import { KubeStatusError } from "./kube-status-error.js";
import { KubeStore } from "./kube-store.js";
import { defaultKubeExecutor, type KubeExecutor, type PendingHold, type SimCluster } from "./sim-cluster.js";

export type { KubeExecutor, PendingHold, SimContainerRun } from "./sim-cluster.js";
export type { KubeObject } from "./kube-object.js";

/** One answered request. */
export interface KubeSimCall {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly status: number;
}

/**
 * A stand-in Kubernetes API server on https://127.0.0.1: namespaced batch/v1 Jobs, v1 Pods (with logs)
 * and Secrets; discovery for kubectl; label selectors; deletion with propagation and owner-reference
 * garbage collection; every created object validated against the Kubernetes schemas (422 like the
 * real server). Jobs get simulated pods: Pending → Running → Succeeded/Failed, or held Pending.
 */
export interface KubernetesSim {
  /** Base URL, the `server` of a kubeconfig cluster. */
  readonly url: string;
  /** Bearer token the server accepts. */
  readonly token: string;
  /** The server's self-signed certificate (PEM): the CA a client must trust. */
  readonly caCert: string;
  /** Every object of a resource in a namespace (or all namespaces with null). */
  objects(resource: SimResource, namespace?: string | null): KubeObject[];
  readonly calls: KubeSimCall[];
  /** A kubeconfig document (YAML) that points kubectl or a client at this server. */
  kubeconfig(namespace?: string): string;
  close(): Promise<void>;
}

export interface KubernetesSimOptions {
  readonly token?: string;
  readonly execute?: KubeExecutor;
  /** Keeps a pod Pending for the reason returned; default: every pod is scheduled and pulls. */
  readonly hold?: (pod: KubeObject) => PendingHold | null;
  readonly clock?: Clock;
}

export async function startKubernetesSim(options: KubernetesSimOptions = {}): Promise<KubernetesSim> {
  const clock = options.clock ?? systemClock;
  const token = options.token ?? "kube-sim-token";
  const cluster: SimCluster = {
    store: new KubeStore(clock),
    clock,
    executor: options.execute ?? defaultKubeExecutor,
    hold: options.hold ?? (() => null),
    logs: new Map(),
    containers: new Map(),
    closing: new AbortController(),
  };
  cluster.store.setMaxListeners(0);
  const calls: KubeSimCall[] = [];
  const tls = await createSimCertificate();
  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (request, response) => {
    const url = new URL(request.url ?? "/", "https://127.0.0.1");
    response.on("finish", () => calls.push({ method: request.method ?? "GET", path: url.pathname, query: url.search, status: response.statusCode }));
    void (async () => {
      if (request.headers.authorization !== `Bearer ${token}`) throw new KubeStatusError(401, "Unauthorized", "Unauthorized");
      await handleKubeRequest(cluster, request, response, url);
    })().catch((error: unknown) => {
      const status = error instanceof KubeStatusError ? error : new KubeStatusError(500, "BadRequest", error instanceof Error ? error.message : String(error));
      if (!response.headersSent) sendJson(response, status.code, status.toStatus());
      else response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    token,
    caCert: tls.cert,
    calls,
    objects: (resource, namespace = null) => cluster.store.list(resource, namespace),
    kubeconfig: (namespace = "default") => buildKubeconfig(url, token, tls.cert, namespace),
    close: async () => {
      cluster.closing.abort(new Error("simulator closed"));
      for (const container of cluster.containers.values()) container.abort.abort(new Error("simulator closed"));
      await Promise.all([...cluster.containers.values()].map((c) => c.done));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function buildKubeconfig(url: string, token: string, cert: string, namespace: string): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: offload-sim",
    "  cluster:",
    `    server: ${url}`,
    `    certificate-authority-data: ${Buffer.from(cert).toString("base64")}`,
    "users:",
    "- name: offload-sim",
    "  user:",
    `    token: ${token}`,
    "contexts:",
    "- name: offload-sim",
    "  context:",
    "    cluster: offload-sim",
    "    user: offload-sim",
    `    namespace: ${namespace}`,
    "current-context: offload-sim",
    "",
  ].join("\n");
}
