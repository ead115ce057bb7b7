/** One row of HF's flavor catalogue as the simulator serves it (reference/hf-jobs-api.md §9). */
export interface SimHardware {
  readonly name: string;
  readonly prettyName: string;
  readonly cpu: number;
  readonly ramGb: number;
  readonly storageGb: number;
  readonly accelerator: { readonly model: string; readonly quantity: number; readonly vramGb: number } | null;
  readonly usdPerMinute: number;
}

type Row = readonly [name: string, pretty: string, cpu: number, ram: number, storage: number, gpu: readonly [string, number, number] | null, perMinute: number];

const ROWS: readonly Row[] = [
  ["cpu-basic", "CPU Basic", 2, 16, 50, null, 0.0002],
  ["cpu-upgrade", "CPU Upgrade", 8, 32, 50, null, 0.0005],
  ["cpu-performance", "CPU Performance", 32, 256, 1024, null, 0.0317],
  ["cpu-xl", "CPU XL", 16, 124, 1000, null, 0.0167],
  ["t4-small", "Nvidia T4 - small", 4, 15, 50, ["T4", 1, 16], 0.0067],
  ["t4-medium", "Nvidia T4 - medium", 8, 30, 100, ["T4", 1, 16], 0.01],
  ["a10g-small", "Nvidia A10G - small", 4, 15, 110, ["A10G", 1, 24], 0.0167],
  ["a10g-large", "Nvidia A10G - large", 12, 46, 200, ["A10G", 1, 24], 0.025],
  ["a10g-largex2", "2x Nvidia A10G - large", 24, 92, 1000, ["A10G", 2, 48], 0.05],
  ["a10g-largex4", "4x Nvidia A10G - large", 48, 184, 2000, ["A10G", 4, 96], 0.0833],
  ["a100-large", "Nvidia A100 - large", 12, 142, 1000, ["A100", 1, 80], 0.0417],
  ["a100x4", "4x Nvidia A100", 48, 568, 4000, ["A100", 4, 320], 0.1667],
  ["a100x8", "8x Nvidia A100", 96, 1136, 8000, ["A100", 8, 640], 0.3333],
  ["h200", "Nvidia H200", 23, 256, 3000, ["H200", 1, 141], 0.0833],
  ["h200x2", "Nvidia H200", 46, 512, 6000, ["H200", 2, 282], 0.1667],
  ["h200x4", "Nvidia H200", 92, 1024, 12000, ["H200", 4, 564], 0.3333],
  ["h200x8", "Nvidia H200", 184, 2048, 24000, ["H200", 8, 1128], 0.6667],
  ["rtx-pro-6000", "Nvidia RTX PRO 6000", 23, 256, 475, ["RTX PRO 6000", 1, 96], 0.0458],
  ["rtx-pro-6000x2", "Nvidia RTX PRO 6000", 46, 512, 950, ["RTX PRO 6000", 2, 192], 0.0917],
  ["rtx-pro-6000x4", "Nvidia RTX PRO 6000", 92, 1024, 1900, ["RTX PRO 6000", 4, 384], 0.1833],
  ["rtx-pro-6000x8", "Nvidia RTX PRO 6000", 184, 2048, 3800, ["RTX PRO 6000", 8, 768], 0.3667],
  ["l4x1", "1x Nvidia L4", 8, 30, 400, ["L4", 1, 24], 0.0133],
  ["l4x4", "4x Nvidia L4", 48, 186, 3200, ["L4", 4, 96], 0.0633],
  ["l40sx1", "1x Nvidia L40S", 8, 62, 380, ["L40S", 1, 48], 0.03],
  ["l40sx4", "4x Nvidia L40S", 48, 382, 3200, ["L40S", 4, 192], 0.1383],
  ["l40sx8", "8x Nvidia L40S", 192, 1534, 6500, ["L40S", 8, 384], 0.3917],
];

export const SIM_HARDWARE: ReadonlyMap<string, SimHardware> = new Map(
  ROWS.map(([name, prettyName, cpu, ramGb, storageGb, gpu, usdPerMinute]) => [
    name,
    { name, prettyName, cpu, ramGb, storageGb, accelerator: gpu === null ? null : { model: gpu[0], quantity: gpu[1], vramGb: gpu[2] }, usdPerMinute },
  ]),
);

/** The JSON HF answers on `GET /api/jobs/hardware`. */
export function describeHardware(hardware: SimHardware): Record<string, unknown> {
  const micro = Math.round(hardware.usdPerMinute * 1_000_000);
  return {
    name: hardware.name,
    prettyName: hardware.prettyName,
    cpu: `${hardware.cpu} vCPU`,
    ram: `${hardware.ramGb} GB`,
    ephemeralStorage: `${hardware.storageGb} GB`,
    accelerator:
      hardware.accelerator === null
        ? null
        : { type: "gpu", model: hardware.accelerator.model, quantity: String(hardware.accelerator.quantity), vram: `${hardware.accelerator.vramGb} GB`, manufacturer: "Nvidia" },
    unitCostMicroUSD: micro,
    unitCostUSD: micro / 1_000_000,
    unitLabel: "minute",
  };
}

/** The variables HF injects into every job's container (reference §8). */
export function hardwareEnv(hardware: SimHardware, jobId: string): Record<string, string> {
  return {
    JOB_ID: jobId,
    ACCELERATOR: hardware.accelerator === null ? "none" : hardware.name,
    CPU_CORES: String(hardware.cpu),
    MEMORY: `${hardware.ramGb}Gi`,
  };
}
