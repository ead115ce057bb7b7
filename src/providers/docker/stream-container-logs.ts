import { Readable } from "node:stream";
import type { LogLine } from "../provider.js";
import { parseComputeId, type DockerContext } from "./docker-context.js";
import { describeDockerFailure, dockerStatusOf } from "./describe-docker-failure.js";
import { createFrameSplitter, splitTimestamp } from "./split-docker-frames.js";

/** The container's output lines (stdout and stderr); with `follow` until it ends or `signal` aborts. */
export async function* streamContainerLogs(context: DockerContext, id: string, options: { follow: boolean; signal?: AbortSignal }): AsyncGenerator<LogLine> {
  const target = parseComputeId(context, id);
  if (target === null) return;
  const container = target.host.docker.getContainer(target.containerId);
  let stream: Readable;
  try {
    const base = { stdout: true, stderr: true, timestamps: true } as const;
    stream = options.follow ? Readable.from(await container.logs({ ...base, follow: true })) : Readable.from([await container.logs({ ...base, follow: false })]);
  } catch (error) {
    if (dockerStatusOf(error) === 404) return;
    throw describeDockerFailure(error, "logs", target.host.options.name);
  }
  const onAbort = (): void => void stream.destroy();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const splitter = createFrameSplitter();
  try {
    for await (const chunk of stream) {
      for (const line of splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)))) yield splitTimestamp(line);
    }
    for (const line of splitter.end()) yield splitTimestamp(line);
  } catch (error) {
    if (options.signal?.aborted === true) return;
    throw describeDockerFailure(error, "logs", target.host.options.name);
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    stream.destroy();
  }
}
