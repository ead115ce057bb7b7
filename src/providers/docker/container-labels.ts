import type { GpuHolding } from "../gpu-slots/gpu-holdings.js";

/**
 * Labels that mark a container as ours and carry what survives a dispatcher crash: who it is for,
 * which GPUs it holds, when it must end. Docker labels take any text, so values go in unchanged.
 */
export const LABEL = {
  dispatcher: "offload.dispatcher",
  runner: "offload.runner",
  host: "offload.host",
  flavor: "offload.flavor",
  gpus: "offload.gpus",
  deadline: "offload.deadline",
  timeoutSeconds: "offload.timeout-seconds",
} as const;

/** Tags from the spec keep their own keys under `offload.tag.`; they never hold a secret. */
const TAG_PREFIX = "offload.tag.";

export function buildContainerLabels(input: {
  dispatcherId: string;
  runnerName: string;
  host: string;
  flavor: string;
  gpus: readonly string[];
  deadline: string;
  timeoutSeconds: number;
  tags: Readonly<Record<string, string>>;
}): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.tags)) labels[`${TAG_PREFIX}${key}`] = value;
  return {
    ...labels,
    [LABEL.dispatcher]: input.dispatcherId,
    [LABEL.runner]: input.runnerName,
    [LABEL.host]: input.host,
    [LABEL.flavor]: input.flavor,
    [LABEL.gpus]: input.gpus.join(","),
    [LABEL.deadline]: input.deadline,
    [LABEL.timeoutSeconds]: String(input.timeoutSeconds),
  };
}

/** The GPUs a container's labels say it holds (none for a CPU runner). */
export function readGpuHolding(labels: Readonly<Record<string, string>> | undefined, host: string): GpuHolding | null {
  const runner = labels?.[LABEL.runner];
  const gpus = labels?.[LABEL.gpus] ?? "";
  if (runner === undefined || gpus === "") return null;
  return { runner, host, gpus: gpus.split(",") };
}
