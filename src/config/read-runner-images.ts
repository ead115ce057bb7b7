import type { SettingsReader } from "./settings-reader.js";

const PREFIX = "RUNNER_IMAGE_";

/** Used when RUNNER_IMAGE_CPU / RUNNER_IMAGE_GPU are unset: the reference dispatcher's defaults. */
export const DEFAULT_RUNNER_IMAGES: Readonly<Record<string, string>> = {
  CPU: "ubuntu:24.04",
  GPU: "nvidia/cuda:12.9.2-runtime-ubuntu24.04",
};

/** `RUNNER_IMAGE_<KEY>` settings as key (upper-case) → image; always has CPU and GPU. */
export function readRunnerImages(reader: SettingsReader): Map<string, string> {
  const images = new Map(Object.entries(DEFAULT_RUNNER_IMAGES));
  for (const [name, raw] of reader.withPrefix(PREFIX)) {
    const key = name.slice(PREFIX.length).toUpperCase();
    const image = raw.value.trim();
    if (key === "") {
      reader.report(raw, "RUNNER_IMAGE_<KEY> with a key, e.g. RUNNER_IMAGE_CUDA13", `Rename ${raw.name} to RUNNER_IMAGE_<KEY>.`);
    } else if (/\s/.test(image)) {
      reader.report(raw, "one container image reference without spaces", `Set ${raw.name} to an image such as ubuntu:24.04.`);
    } else {
      images.set(key, image);
    }
  }
  return images;
}
