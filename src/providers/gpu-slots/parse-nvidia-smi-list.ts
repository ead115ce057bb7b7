import type { GpuDevice } from "./gpu-device.js";

/**
 * `nvidia-smi -L` prints one line per GPU, e.g.
 * `GPU 0: NVIDIA A100-SXM4-80GB (UUID: GPU-2f6b8c1e-...)`; MIG instances follow their GPU as
 * indented `MIG ...` lines, which are not whole GPUs and are skipped.
 */
const GPU_LINE = /^GPU (\d+): (.*?)(?: \(UUID: (GPU-[0-9A-Za-z-]+)\))?\s*$/;

export function parseNvidiaSmiList(text: string): GpuDevice[] {
  const devices: GpuDevice[] = [];
  for (const line of text.split("\n")) {
    const match = GPU_LINE.exec(line.trimEnd());
    if (match === null) continue;
    devices.push({ id: match[1] ?? "", model: match[2]?.trim() || null, uuid: match[3] ?? null });
  }
  return devices;
}
