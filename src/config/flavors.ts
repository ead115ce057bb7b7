/** A GPU (or other accelerator) attached to a flavor. */
export interface Accelerator {
  readonly model: string;
  readonly count: number;
  /** Total accelerator memory across all `count` devices. */
  readonly vramGb: number;
}

/** One Hugging Face Jobs hardware flavor, as `GET /api/jobs/hardware` describes it. */
export interface Flavor {
  readonly name: string;
  readonly prettyName: string;
  readonly vcpu: number;
  readonly ramGb: number;
  readonly accelerator: Accelerator | null;
  readonly priceUsdPerHour: number;
}

function gpu(model: string, count: number, vramGb: number): Accelerator {
  return { model, count, vramGb };
}

/**
 * Where the catalogue's prices come from and when they were read. HF bills per minute
 * (`unitCostUSD` per `unitLabel: "minute"` in `GET /api/jobs/hardware`); the hourly figures here
 * are the docs table's $/h column. Prices change: `GET /api/jobs/hardware` is the live answer.
 */
export const PRICES_SOURCE = {
  asOf: "2026-12-04",
  source: "huggingface_hub docs hardware table, generated from GET https://huggingface.co/api/jobs/hardware (reference/hf-jobs-api.md §9)",
} as const;

/**
 * Every Jobs flavor, from the huggingface_hub docs table generated from `GET /api/jobs/hardware`
 * (reference/hf-jobs-api.md §9). Spaces-only hardware (`zero-a10g`) is deliberately absent.
 */
export const FLAVORS: readonly Flavor[] = Object.freeze(
  [
    { name: "cpu-basic", prettyName: "CPU Basic", vcpu: 2, ramGb: 16, accelerator: null, priceUsdPerHour: 0.01 },
    { name: "cpu-upgrade", prettyName: "CPU Upgrade", vcpu: 8, ramGb: 32, accelerator: null, priceUsdPerHour: 0.03 },
    { name: "cpu-performance", prettyName: "CPU Performance", vcpu: 32, ramGb: 256, accelerator: null, priceUsdPerHour: 1.9 },
    { name: "cpu-xl", prettyName: "CPU XL", vcpu: 16, ramGb: 124, accelerator: null, priceUsdPerHour: 1.0 },
    { name: "t4-small", prettyName: "Nvidia T4 - small", vcpu: 4, ramGb: 15, accelerator: gpu("T4", 1, 16), priceUsdPerHour: 0.4 },
    { name: "t4-medium", prettyName: "Nvidia T4 - medium", vcpu: 8, ramGb: 30, accelerator: gpu("T4", 1, 16), priceUsdPerHour: 0.6 },
    { name: "a10g-small", prettyName: "Nvidia A10G - small", vcpu: 4, ramGb: 15, accelerator: gpu("A10G", 1, 24), priceUsdPerHour: 1.0 },
    { name: "a10g-large", prettyName: "Nvidia A10G - large", vcpu: 12, ramGb: 46, accelerator: gpu("A10G", 1, 24), priceUsdPerHour: 1.5 },
    { name: "a10g-largex2", prettyName: "2x Nvidia A10G - large", vcpu: 24, ramGb: 92, accelerator: gpu("A10G", 2, 48), priceUsdPerHour: 3.0 },
    { name: "a10g-largex4", prettyName: "4x Nvidia A10G - large", vcpu: 48, ramGb: 184, accelerator: gpu("A10G", 4, 96), priceUsdPerHour: 5.0 },
    { name: "a100-large", prettyName: "Nvidia A100 - large", vcpu: 12, ramGb: 142, accelerator: gpu("A100", 1, 80), priceUsdPerHour: 2.5 },
    { name: "a100x4", prettyName: "4x Nvidia A100", vcpu: 48, ramGb: 568, accelerator: gpu("A100", 4, 320), priceUsdPerHour: 10.0 },
    { name: "a100x8", prettyName: "8x Nvidia A100", vcpu: 96, ramGb: 1136, accelerator: gpu("A100", 8, 640), priceUsdPerHour: 20.0 },
    { name: "h200", prettyName: "Nvidia H200", vcpu: 23, ramGb: 256, accelerator: gpu("H200", 1, 141), priceUsdPerHour: 5.0 },
    { name: "h200x2", prettyName: "Nvidia H200", vcpu: 46, ramGb: 512, accelerator: gpu("H200", 2, 282), priceUsdPerHour: 10.0 },
    { name: "h200x4", prettyName: "Nvidia H200", vcpu: 92, ramGb: 1024, accelerator: gpu("H200", 4, 564), priceUsdPerHour: 20.0 },
    { name: "h200x8", prettyName: "Nvidia H200", vcpu: 184, ramGb: 2048, accelerator: gpu("H200", 8, 1128), priceUsdPerHour: 40.0 },
    { name: "rtx-pro-6000", prettyName: "Nvidia RTX PRO 6000", vcpu: 23, ramGb: 256, accelerator: gpu("RTX PRO 6000", 1, 96), priceUsdPerHour: 2.75 },
    { name: "rtx-pro-6000x2", prettyName: "Nvidia RTX PRO 6000", vcpu: 46, ramGb: 512, accelerator: gpu("RTX PRO 6000", 2, 192), priceUsdPerHour: 5.5 },
    { name: "rtx-pro-6000x4", prettyName: "Nvidia RTX PRO 6000", vcpu: 92, ramGb: 1024, accelerator: gpu("RTX PRO 6000", 4, 384), priceUsdPerHour: 11.0 },
    { name: "rtx-pro-6000x8", prettyName: "Nvidia RTX PRO 6000", vcpu: 184, ramGb: 2048, accelerator: gpu("RTX PRO 6000", 8, 768), priceUsdPerHour: 22.0 },
    { name: "l4x1", prettyName: "1x Nvidia L4", vcpu: 8, ramGb: 30, accelerator: gpu("L4", 1, 24), priceUsdPerHour: 0.8 },
    { name: "l4x4", prettyName: "4x Nvidia L4", vcpu: 48, ramGb: 186, accelerator: gpu("L4", 4, 96), priceUsdPerHour: 3.8 },
    { name: "l40sx1", prettyName: "1x Nvidia L40S", vcpu: 8, ramGb: 62, accelerator: gpu("L40S", 1, 48), priceUsdPerHour: 1.8 },
    { name: "l40sx4", prettyName: "4x Nvidia L40S", vcpu: 48, ramGb: 382, accelerator: gpu("L40S", 4, 192), priceUsdPerHour: 8.3 },
    { name: "l40sx8", prettyName: "8x Nvidia L40S", vcpu: 192, ramGb: 1534, accelerator: gpu("L40S", 8, 384), priceUsdPerHour: 23.5 },
  ].map((flavor) => Object.freeze({ ...flavor, accelerator: flavor.accelerator && Object.freeze(flavor.accelerator) })),
);

const BY_NAME: ReadonlyMap<string, Flavor> = new Map(FLAVORS.map((flavor) => [flavor.name, flavor]));

/**
 * Names that look like flavors but are not Jobs hardware, with why. huggingface/jobs-actions
 * accepted `zero-a10g` (a SpaceHardware value) and every dispatch with it failed at HF.
 */
export const NOT_JOBS_FLAVORS: ReadonlyMap<string, string> = new Map([
  ["zero-a10g", "is a Spaces-only (ZeroGPU) flavor, not a Hugging Face Jobs flavor"],
  ["sprx8", "is listed by older clients but is not offered by Hugging Face Jobs"],
  ["inf2x6", "is listed by older clients but is not offered by Hugging Face Jobs"],
  ["h100", "is listed by older clients but is not offered by Hugging Face Jobs"],
  ["h100x8", "is listed by older clients but is not offered by Hugging Face Jobs"],
]);

/** The flavor called `name` (case-insensitive), or undefined when Jobs has no such flavor. */
export function findFlavor(name: string): Flavor | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/**
 * True when the flavor has an accelerator. Decided from the catalogue, not the name: a name
 * prefix test (the reference dispatcher's) calls a100x4, a100x8 and rtx-pro-6000* CPUs.
 */
export function isGpuFlavor(flavor: Flavor | string): boolean {
  const found = typeof flavor === "string" ? findFlavor(flavor) : flavor;
  return found?.accelerator != null;
}
