import { createInterface } from "node:readline";
import { PassThrough } from "node:stream";
import { isTerminalComputeState, type LogLine } from "../provider.js";
import { RUNNER_CONTAINER } from "./build-runner-job.js";
import type { KubernetesContext } from "./kubernetes-context.js";
import { inspectKubernetesJob, listJobPods } from "./inspect-kubernetes-job.js";
import { describeKubernetesFailure, kubernetesStatusOf, toKubernetesApiError } from "./kubernetes-api-error.js";

/** How often a follow checks whether the Job ended, in case the log connection dropped silently. */
const CHECK_MS = 15_000;
/** Wait between looks at a pod that has not started its container yet. */
const WAIT_MS = 1_000;

/**
 * The runner container's log (`pods/{pod}/log?timestamps=true`, with `follow` until the container
 * ends). A pod still being scheduled or pulling has no log yet: a follow waits for its container
 * to start, and ends without lines if the Job ends first.
 */
export async function* streamKubernetesLogs(context: KubernetesContext, id: string, options: { follow: boolean; signal?: AbortSignal }): AsyncGenerator<LogLine> {
  for (;;) {
    if (options.signal?.aborted === true) return;
    const pod = await startedPod(context, id);
    if (pod !== null) {
      const opened = await openLog(context, id, pod, options);
      if (opened !== null) {
        yield* opened;
        return;
      }
    }
    if (!options.follow) return;
    const state = (await inspectKubernetesJob(context, id)).state;
    if (isTerminalComputeState(state)) return;
    try {
      await context.clock.sleep(WAIT_MS, options.signal);
    } catch {
      return;
    }
  }
}

/** The newest pod of the Job whose runner container has started (or ended), or null. */
async function startedPod(context: KubernetesContext, id: string): Promise<string | null> {
  let job;
  try {
    job = await context.call("read job", () => context.batch.readNamespacedJob({ name: id, namespace: context.namespace }));
  } catch (error) {
    if (kubernetesStatusOf(error) === 404) return null;
    throw error;
  }
  const pods = (await listJobPods(context, job)).filter((pod) => {
    const state = pod.status?.containerStatuses?.find((s) => s.name === RUNNER_CONTAINER)?.state;
    return state?.running !== undefined || state?.terminated !== undefined;
  });
  pods.sort((a, b) => (b.metadata?.creationTimestamp?.getTime() ?? 0) - (a.metadata?.creationTimestamp?.getTime() ?? 0));
  return pods[0]?.metadata?.name ?? null;
}

/** The log's lines, or null when the container is not ready to be read (400: still waiting). */
async function openLog(context: KubernetesContext, id: string, pod: string, options: { follow: boolean; signal?: AbortSignal }): Promise<AsyncGenerator<LogLine> | null> {
  const sink = new PassThrough();
  // Ending the sink while the client still pipes into it is a write-after-end: not worth a crash.
  sink.on("error", () => undefined);
  let controller: AbortController;
  try {
    controller = await context.logClient.log(context.namespace, pod, RUNNER_CONTAINER, sink, { follow: options.follow, timestamps: true });
  } catch (error) {
    sink.destroy();
    const apiError = toKubernetesApiError("logs", error);
    if (apiError.status === 400 || apiError.status === 404) return null;
    throw describeKubernetesFailure(apiError, context.namespace);
  }
  const stop = (): void => {
    controller.abort();
    sink.end();
  };
  options.signal?.addEventListener("abort", stop, { once: true });
  // The client pipes the body into `sink` and never reports a dropped connection: check the Job.
  const watchdog = options.follow ? setInterval(() => void endIfFinished(context, id, stop), CHECK_MS) : null;
  return (async function* lines(): AsyncGenerator<LogLine> {
    try {
      for await (const raw of createInterface({ input: sink, crlfDelay: Infinity })) yield parseLine(raw);
    } finally {
      if (watchdog !== null) clearInterval(watchdog);
      options.signal?.removeEventListener("abort", stop);
      stop();
    }
  })();
}

async function endIfFinished(context: KubernetesContext, id: string, stop: () => void): Promise<void> {
  try {
    if (isTerminalComputeState((await inspectKubernetesJob(context, id)).state)) stop();
  } catch {
    // The next check tries again.
  }
}

/** `2026-12-04T10:00:00.123456789Z text` → its time and text. */
function parseLine(raw: string): LogLine {
  const space = raw.indexOf(" ");
  const stamp = space > 0 ? raw.slice(0, space) : "";
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(stamp)) return { at: stamp, text: raw.slice(space + 1) };
  return { at: "", text: raw };
}
