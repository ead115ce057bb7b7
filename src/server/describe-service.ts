import type { OffloadConfig } from "../config/config.js";
import { FLAVORS } from "../config/flavors.js";

/** What `GET /` answers: the shape of huggingface/jobs-actions' root, so existing checks keep working. */
export interface ServiceDescription {
  readonly service: "offload";
  readonly version: string;
  readonly configured: boolean;
  readonly provider: string;
  readonly supported_labels: readonly string[];
  readonly supported_image_labels: readonly string[];
  readonly missing: readonly string[];
  readonly next_steps?: string;
}

export function describeService(config: OffloadConfig, version: string): ServiceDescription {
  const configured = config.missing.length === 0;
  return {
    service: "offload",
    version,
    configured,
    provider: config.provider,
    supported_labels: FLAVORS.map((flavor) => `hf-jobs-${flavor.name}`).sort(),
    supported_image_labels: [...config.runnerImages.keys()].sort(),
    missing: config.missing,
    ...(configured
      ? {}
      : { next_steps: `Set ${config.missing.join(", ")} (as Space secrets/variables, the environment, or offload.yaml), then restart.` }),
  };
}
