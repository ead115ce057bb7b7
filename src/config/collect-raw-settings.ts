import type { RawSetting } from "./settings-reader.js";

/**
 * Merges offload.yaml's settings with the environment's; the environment wins entry by entry.
 * Blank values count as unset everywhere (huggingface/jobs-actions' `_optional`), so an empty
 * Space variable falls back to the default instead of failing.
 */
export function collectRawSettings(env: Record<string, string | undefined>, file: ReadonlyMap<string, RawSetting>): Map<string, RawSetting> {
  const merged = new Map<string, RawSetting>();
  for (const [name, setting] of file) {
    if (setting.value.trim() !== "") merged.set(name, setting);
  }
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== "") merged.set(name, { value, name, place: "the environment" });
  }
  return merged;
}
