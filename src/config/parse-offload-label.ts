/** The label prefix that marks a job as offload's (case-insensitive, like all runner labels). */
export const OFFLOAD_LABEL_PREFIX = "hf-jobs-";

/** An `hf-jobs-<flavor>[:<imagekey>]` label taken apart. Says nothing about whether the parts exist. */
export interface OffloadLabel {
  /** The label as written in `runs-on`. */
  readonly label: string;
  /** Lower-case flavor name, possibly empty or unknown. */
  readonly flavor: string;
  /** Upper-case image key after the first `:`, or null when there is no `:`. */
  readonly imageKey: string | null;
}

/** True when `label` is one offload should look at (starts with `hf-jobs-`, any case). */
export function isOffloadLabel(label: string): boolean {
  return label.toLowerCase().startsWith(OFFLOAD_LABEL_PREFIX);
}

/**
 * Splits an offload label into flavor and image key; null when it is not an offload label.
 * Everything after the first `:` is the key, so `hf-jobs-t4-small:a:b` asks for key `A:B`, which
 * no RUNNER_IMAGE_* can define: the caller refuses it with a reason rather than ignoring it.
 */
export function parseOffloadLabel(label: string): OffloadLabel | null {
  if (!isOffloadLabel(label)) return null;
  const rest = label.slice(OFFLOAD_LABEL_PREFIX.length);
  const colon = rest.indexOf(":");
  if (colon === -1) return { label, flavor: rest.toLowerCase(), imageKey: null };
  return { label, flavor: rest.slice(0, colon).toLowerCase(), imageKey: rest.slice(colon + 1).toUpperCase() };
}
