/** Label keys that mark a job as ours; `listOurs` filters on the first, the tag check on both. */
export const DISPATCHER_LABEL = "offload-dispatcher";
export const RUNNER_LABEL = "offload-runner";
/** Plain environment variable carrying the unsanitised runner name, read back by inspect. */
export const RUNNER_NAME_ENV = "OFFLOAD_RUNNER_NAME";

const MAX_LABEL_LENGTH = 100;

/**
 * HF accepts only letters, digits, `-` and `_` in label keys and values, at most 100 characters
 * (hub-docs PR #2735; jobs-actions PR #8: `llama.cpp` was refused), so `llama.cpp` → `llama_cpp`.
 */
export function sanitiseHfLabel(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, MAX_LABEL_LENGTH);
}

/** The labels a job is created with: the spec's tags, sanitised, then our two identifying labels. */
export function buildHfLabels(tags: Readonly<Record<string, string>>, dispatcherId: string, runnerName: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) labels[sanitiseHfLabel(key)] = sanitiseHfLabel(value);
  labels[DISPATCHER_LABEL] = sanitiseHfLabel(dispatcherId);
  labels[RUNNER_LABEL] = sanitiseHfLabel(runnerName);
  return labels;
}
