import { findFlavor } from "./flavors.js";
import { parseDuration } from "./parse-duration.js";
import type { SettingsReader } from "./settings-reader.js";

const PREFIX = "OFFLOAD_BOOT_TIMEOUT_";

/**
 * `OFFLOAD_BOOT_TIMEOUT_<FLAVOR>` (offload.yaml: `bootTimeouts: { h200x8: 20m }`): how long a
 * runner on that flavor may take to come online and take a job, for machines whose images are
 * slow to pull. Flavor names upper-cased with `-` as `_` (`OFFLOAD_BOOT_TIMEOUT_RTX_PRO_6000X8`).
 */
export function readBootTimeouts(reader: SettingsReader): Map<string, number> {
  const timeouts = new Map<string, number>();
  for (const [name, raw] of reader.withPrefix(PREFIX)) {
    const flavor = name.slice(PREFIX.length).toLowerCase().replaceAll("_", "-");
    const seconds = parseDuration(raw.value.trim());
    if (findFlavor(flavor) === undefined) {
      reader.report(raw, "OFFLOAD_BOOT_TIMEOUT_<FLAVOR> naming a Hugging Face Jobs flavor, e.g. OFFLOAD_BOOT_TIMEOUT_H200X8", `Rename ${raw.name} after a flavor \`offload flavors\` lists.`);
    } else if (seconds === null) {
      reader.report(raw, "a duration such as 10m or 900", `Set ${raw.name} to e.g. 20m.`);
    } else {
      timeouts.set(flavor, seconds);
    }
  }
  return timeouts;
}
