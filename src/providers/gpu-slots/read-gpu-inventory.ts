import { execFile } from "node:child_process";
import type { GpuDevice } from "./gpu-device.js";
import { parseNvidiaSmiList } from "./parse-nvidia-smi-list.js";

/** Runs a program and gives its stdout; injected so tests put a stand-in `nvidia-smi` on PATH. */
export type RunProgram = (file: string, args: readonly string[]) => Promise<string>;

export const runProgram: RunProgram = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: 10_000 }, (error, stdout) => (error === null ? resolve(stdout) : reject(error)));
  });

/**
 * A host's GPUs: the configured list when there is one (a remote Docker host, a test), else what
 * `nvidia-smi -L` reports here, else none (no driver: a CPU-only machine is not an error).
 */
export async function readGpuInventory(configured: readonly GpuDevice[] | null, run: RunProgram = runProgram): Promise<GpuDevice[]> {
  if (configured !== null) return [...configured];
  try {
    return parseNvidiaSmiList(await run("nvidia-smi", ["-L"]));
  } catch {
    return [];
  }
}

/** `gpus: 4` or `gpus: ["0", "1"]` in offload.yaml as devices without model or UUID. */
export function describeConfiguredGpus(gpus: number | readonly string[]): GpuDevice[] {
  const ids = typeof gpus === "number" ? Array.from({ length: gpus }, (_, index) => String(index)) : gpus;
  return ids.map((id) => ({ id, uuid: null, model: null }));
}
