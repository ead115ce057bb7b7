import { OffloadError } from "../../errors/offload-error.js";
import { freeGpus, holdGpus, NO_HOLDINGS, pickGpus, releaseGpus, type GpuHoldings } from "../gpu-slots/gpu-holdings.js";
import type { ProviderCapacity } from "../placement/host-capacity.js";

const HOST = "local";

/** The GPUs of the one server the local provider runs on, handed out per runner process. */
export interface LocalGpuSlots {
  /** Exactly `count` free GPUs for `runner`, or an `OFFLOAD_PROVIDER_CAPACITY` error saying why it waits. */
  take(runner: string, count: number): readonly string[];
  release(runner: string): void;
  capacity(): ProviderCapacity;
}

export function createLocalGpuSlots(inventory: readonly string[]): LocalGpuSlots {
  let holdings: GpuHoldings = NO_HOLDINGS;
  return {
    take(runner, count) {
      const gpus = pickGpus(inventory, holdings, HOST, count);
      const next = gpus === null ? null : holdGpus(holdings, { runner, host: HOST, gpus });
      if (gpus === null || next === null) {
        const free = freeGpus(inventory, holdings, HOST).length;
        const why = count > inventory.length ? `this server has ${inventory.length} GPUs` : free === 0 ? `all ${inventory.length} GPUs busy on this server` : `${free} of ${inventory.length} GPUs free`;
        throw new OffloadError("OFFLOAD_PROVIDER_CAPACITY", `Runner '${runner}' asking for ${count} GPUs in the local provider: expected them free; ${why}`);
      }
      holdings = next;
      return gpus;
    },
    release(runner) {
      holdings = releaseGpus(holdings, runner);
    },
    capacity() {
      const free = freeGpus(inventory, holdings, HOST);
      return { hosts: [{ host: HOST, up: true, reason: null, gpus: [...inventory], freeGpus: free, freeRunnerSlots: null }] };
    },
  };
}

/**
 * What a runner process is told about its GPUs: CUDA and the NVIDIA container tools both read
 * these. An empty CUDA_VISIBLE_DEVICES hides every GPU from a CPU runner on a GPU server.
 */
export function gpuEnvironment(gpus: readonly string[]): Record<string, string> {
  return gpus.length === 0 ? { CUDA_VISIBLE_DEVICES: "", NVIDIA_VISIBLE_DEVICES: "void" } : { CUDA_VISIBLE_DEVICES: gpus.join(","), NVIDIA_VISIBLE_DEVICES: gpus.join(",") };
}
