import { createHash } from "node:crypto";

/** Label keys that mark a Job as ours; `listOurs` selects on the first. */
export const DISPATCHER_LABEL = "offload.dev/dispatcher";
export const RUNNER_LABEL = "offload.dev/runner";
/** Annotations hold text of any shape: the exact runner name, read back by inspect. */
export const RUNNER_NAME_ANNOTATION = "offload.dev/runner-name";

const LABEL_VALUE_MAX = 63;

/**
 * A label value Kubernetes accepts (apimachinery IsValidLabelValue: at most 63 characters,
 * alphanumerics, `-`, `_`, `.`, starting and ending alphanumeric): `octo/llama.cpp` → `octo_llama.cpp`.
 */
export function sanitiseLabelValue(value: string): string {
  return value
    .replace(/[^A-Za-z0-9_.-]/g, "_")
    .slice(0, LABEL_VALUE_MAX)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
}

/** A label key's name part under the same rules; a tag key becomes `offload.dev/<name>`. */
function labelKeyOf(tag: string): string {
  const name = sanitiseLabelValue(tag.replace(/^offload-/, ""));
  return `offload.dev/${name === "" ? "tag" : name}`;
}

/** The Job's labels: the spec's tags, sanitised, then our two identifying labels. */
export function buildKubernetesLabels(tags: Readonly<Record<string, string>>, dispatcherId: string, runnerName: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) labels[labelKeyOf(key)] = sanitiseLabelValue(value);
  labels[DISPATCHER_LABEL] = sanitiseLabelValue(dispatcherId);
  labels[RUNNER_LABEL] = sanitiseLabelValue(runnerName);
  return labels;
}

/**
 * The Job's name for a runner: the runner name when it already is a DNS-1123 label of at most 63
 * characters (the Job controller copies it into a pod label), else a readable prefix and a hash,
 * so two runner names never map to one Job.
 */
export function jobNameFor(runnerName: string): string {
  if (/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(runnerName)) return runnerName;
  const hash = createHash("sha256").update(runnerName).digest("hex").slice(0, 10);
  const readable = runnerName.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+/, "").slice(0, 52).replace(/-+$/, "");
  return readable === "" ? `runner-${hash}` : `${readable}-${hash}`;
}
