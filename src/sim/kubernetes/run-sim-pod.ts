import type { IPod } from "kubernetes-models/v1/Pod";
import type { IIoK8sApiCoreV1Container } from "kubernetes-models/v1/Container";
import type { KubeObject } from "./kube-object.js";
import { PodLog } from "./pod-logs.js";
import { podKey, waitForStore, type SimCluster, type SimContainerRun } from "./sim-cluster.js";

const NODE = "sim-node-1";

/**
 * The kubelet's part for one pod: scheduled (or held Pending with the scheduler's reason, or
 * waiting on an image pull), ContainerCreating until every secret volume's Secret exists (a real
 * kubelet retries the mount the same way), Running while the executor runs, then Succeeded or
 * Failed with the container's exit code. Resolves with the exit code, or null when it never ran.
 */
export async function runSimPod(cluster: SimCluster, namespace: string, name: string, onRunning: () => void = () => undefined): Promise<number | null> {
  const { store } = cluster;
  const initial = store.get("pods", namespace, name);
  if (initial === undefined) return null;
  const container = (asPod(initial).spec?.containers ?? [])[0];
  if (container === undefined) return null;
  const hold = cluster.hold(initial);
  if (hold?.kind === "unschedulable") {
    setStatus(cluster, namespace, name, { phase: "Pending", conditions: [condition(cluster, "PodScheduled", "False", "Unschedulable", hold.message)] });
    return null;
  }
  store.update("pods", namespace, name, (pod) => {
    (pod["spec"] as Record<string, unknown>)["nodeName"] = NODE;
  });
  const waiting = hold?.kind === "image-pull" ? { reason: hold.reason, message: hold.message } : { reason: "ContainerCreating" };
  setStatus(cluster, namespace, name, {
    phase: "Pending",
    hostIP: "10.0.0.1",
    conditions: [condition(cluster, "PodScheduled", "True")],
    containerStatuses: [{ name: container.name, image: container.image ?? "", imageID: "", ready: false, restartCount: 0, started: false, state: { waiting } }],
  });
  if (hold !== null) return null;

  const abort = new AbortController();
  const signal = AbortSignal.any([abort.signal, cluster.closing.signal]);
  let finish: () => void = () => undefined;
  cluster.containers.set(podKey(namespace, name), { abort, done: new Promise((resolve) => (finish = resolve)) });
  try {
    const secrets = secretNamesOf(asPod(initial));
    try {
      await waitForStore(cluster, () => secrets.every((secret) => store.get("secrets", namespace, secret) !== undefined), signal);
    } catch {
      return null;
    }
    return await runContainer(cluster, namespace, name, container, signal, onRunning);
  } finally {
    cluster.containers.delete(podKey(namespace, name));
    finish();
  }
}

async function runContainer(cluster: SimCluster, namespace: string, name: string, container: IIoK8sApiCoreV1Container, signal: AbortSignal, onRunning: () => void): Promise<number> {
  const pod = cluster.store.mustGet("pods", namespace, name);
  const run = buildRun(cluster, asPod(pod), container);
  const log = new PodLog();
  cluster.logs.set(podKey(namespace, name), log);
  const startedAt = cluster.store.iso();
  setStatus(cluster, namespace, name, {
    phase: "Running",
    podIP: "10.244.0.10",
    startTime: startedAt,
    conditions: [condition(cluster, "PodScheduled", "True"), condition(cluster, "Initialized", "True"), condition(cluster, "ContainersReady", "True"), condition(cluster, "Ready", "True")],
    containerStatuses: [{ name: container.name, image: run.image, imageID: `sim://${run.image}`, ready: true, restartCount: 0, started: true, state: { running: { startedAt } } }],
  });
  onRunning();
  let exitCode: number;
  try {
    exitCode = await cluster.executor(run, { log: (text) => log.append({ at: new Date(cluster.clock.now()).toISOString(), text }), signal });
  } catch (error) {
    log.append({ at: new Date(cluster.clock.now()).toISOString(), text: error instanceof Error ? error.message : String(error) });
    exitCode = 1;
  }
  if (signal.aborted) exitCode = 137;
  log.end();
  setStatus(cluster, namespace, name, {
    phase: exitCode === 0 ? "Succeeded" : "Failed",
    startTime: startedAt,
    conditions: [condition(cluster, "PodScheduled", "True"), condition(cluster, "Initialized", "True"), condition(cluster, "ContainersReady", "False", "PodCompleted"), condition(cluster, "Ready", "False", "PodCompleted")],
    containerStatuses: [
      {
        name: container.name,
        image: run.image,
        imageID: `sim://${run.image}`,
        ready: false,
        restartCount: 0,
        started: false,
        state: { terminated: { exitCode, reason: exitCode === 0 ? "Completed" : "Error", startedAt, finishedAt: cluster.store.iso() } },
      },
    ],
  });
  return exitCode;
}

/** The container's environment and files, with secret references resolved as the kubelet does. */
function buildRun(cluster: SimCluster, pod: IPod, container: IIoK8sApiCoreV1Container): SimContainerRun {
  const namespace = pod.metadata?.namespace ?? "default";
  const secretData = (secretName: string): Record<string, string> => {
    const secret = cluster.store.get("secrets", namespace, secretName);
    const data = (secret?.["data"] ?? {}) as Record<string, string>;
    return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value, "base64").toString("utf8")]));
  };
  const env: Record<string, string> = {};
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef;
    if (ref !== undefined) env[variable.name] = secretData(ref.name ?? "")[ref.key] ?? "";
    else env[variable.name] = variable.value ?? "";
  }
  const files: Record<string, string> = {};
  for (const mount of container.volumeMounts ?? []) {
    const volume = (pod.spec?.volumes ?? []).find((v) => v.name === mount.name);
    if (volume?.secret?.secretName === undefined) continue;
    for (const [key, value] of Object.entries(secretData(volume.secret.secretName))) {
      const item = volume.secret.items?.find((i) => i.key === key);
      if (volume.secret.items !== undefined && item === undefined) continue;
      files[`${mount.mountPath.replace(/\/+$/, "")}/${item?.path ?? key}`] = value;
    }
  }
  return { namespace, pod: pod.metadata?.name ?? "", image: container.image ?? "", command: container.command ?? [], args: container.args ?? [], env, files };
}

function secretNamesOf(pod: IPod): string[] {
  return (pod.spec?.volumes ?? []).flatMap((volume) => (volume.secret?.secretName !== undefined && volume.secret.optional !== true ? [volume.secret.secretName] : []));
}

function setStatus(cluster: SimCluster, namespace: string, name: string, status: Record<string, unknown>): void {
  cluster.store.update("pods", namespace, name, (pod) => {
    pod["status"] = { qosClass: "Burstable", ...status };
  });
}

function condition(cluster: SimCluster, type: string, status: "True" | "False", reason?: string, message?: string): Record<string, unknown> {
  return { type, status, lastProbeTime: null, lastTransitionTime: cluster.store.iso(), ...(reason === undefined ? {} : { reason }), ...(message === undefined ? {} : { message }) };
}

function asPod(object: KubeObject): IPod {
  return object as unknown as IPod;
}
