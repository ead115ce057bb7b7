import type { IncomingMessage, ServerResponse } from "node:http";
import type { IPod } from "kubernetes-models/v1/Pod";
import { KubeStatusError } from "./kube-status-error.js";
import type { PodLogLine } from "./pod-logs.js";
import { podKey, type SimCluster } from "./sim-cluster.js";

/**
 * `GET .../pods/{name}/log` as the kubelet serves it through the API server: plain text, one line
 * per output line, `timestamps=true` prefixes each with its RFC 3339 time, `follow=true` keeps the
 * answer open until the container ends. A container that has not started is a 400 naming why it
 * waits, as the real server answers.
 */
export function streamPodLog(cluster: SimCluster, namespace: string, name: string, query: URLSearchParams, request: IncomingMessage, response: ServerResponse): void {
  const pod = cluster.store.mustGet("pods", namespace, name) as unknown as IPod;
  const container = pod.spec?.containers[0]?.name ?? "";
  const asked = query.get("container");
  if (asked !== null && asked !== container) throw new KubeStatusError(400, "BadRequest", `container ${asked} is not valid for pod ${name}`);
  const log = cluster.logs.get(podKey(namespace, name));
  if (log === undefined) {
    const waiting = pod.status?.containerStatuses?.[0]?.state?.waiting?.reason ?? "ContainerCreating";
    throw new KubeStatusError(400, "BadRequest", `container "${container}" in pod "${name}" is waiting to start: ${waiting}`);
  }
  const timestamps = query.get("timestamps") === "true";
  const tail = query.has("tailLines") ? Number(query.get("tailLines")) : null;
  const format = (line: PodLogLine): string => (timestamps ? `${line.at} ${line.text}\n` : `${line.text}\n`);
  response.writeHead(200, { "content-type": "text/plain", "transfer-encoding": "chunked" });
  const lines = tail === null ? log.lines : log.lines.slice(Math.max(0, log.lines.length - tail));
  for (const line of lines) response.write(format(line));
  if (query.get("follow") !== "true" || log.ended) {
    response.end();
    return;
  }
  const onLine = (line: PodLogLine): void => void response.write(format(line));
  const onEnd = (): void => {
    cleanup();
    response.end();
  };
  const cleanup = (): void => {
    log.off("line", onLine);
    log.off("end", onEnd);
    cluster.closing.signal.removeEventListener("abort", onEnd);
  };
  log.on("line", onLine);
  log.on("end", onEnd);
  cluster.closing.signal.addEventListener("abort", onEnd, { once: true });
  request.once("close", cleanup);
}
