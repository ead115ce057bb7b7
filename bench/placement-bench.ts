import type { HostCapacity, PlacementRequest } from "../src/providers/placement/host-capacity.js";
import { placeRunners } from "../src/providers/placement/place-runners.js";

/** GPUs still free on hosts where some runner that waits would fit: must be 0 (no GPU idles while a job that fits it waits). */
function idleWhileWaiting(hosts: readonly HostCapacity[], requests: readonly PlacementRequest[], placed: ReturnType<typeof placeRunners>): number {
  const waiting = requests.filter((request) => (placed.caps.get(request.pool)?.max ?? 0) < request.wanted);
  let idle = 0;
  for (const host of hosts) {
    const used = placed.placements.filter((placement) => placement.host === host.host).reduce((sum, placement) => sum + placement.gpus.length, 0);
    const free = host.freeGpus.length - used;
    if (waiting.some((request) => request.gpus > 0 && request.gpus <= free)) idle += free;
  }
  return idle;
}

function timeIt(runs: number, body: () => void): { medianMs: number; maxMs: number } {
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    body();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { medianMs: Number((samples[Math.floor(samples.length / 2)] ?? 0).toFixed(3)), maxMs: Number((samples[samples.length - 1] ?? 0).toFixed(3)) };
}

/**
 * Placement of 500 queued jobs on 8 simulated hosts × 8 GPUs, all free: one request per job (the
 * worst case, each job its own pool) with a mix of 1, 2, 4 and 8 GPUs, and the same 500 jobs
 * grouped in four pools. Reports the time to place and the GPUs left idle while jobs wait.
 */
export function runPlacementBench(options: { jobs: number; hosts: number; gpusPerHost: number; runs: number }): Record<string, unknown> {
  const gpus = Array.from({ length: options.gpusPerHost }, (_, index) => String(index));
  const hosts: HostCapacity[] = Array.from({ length: options.hosts }, (_, index) => ({ host: `lab-${index + 1}`, up: true, reason: null, gpus, freeGpus: gpus, freeRunnerSlots: null }));
  const mix = [1, 1, 1, 1, 2, 2, 4, 8];
  const perJob: PlacementRequest[] = Array.from({ length: options.jobs }, (_, index) => ({ pool: `job-${index}`, gpus: mix[index % mix.length] ?? 1, wanted: 1, hosts: null }));
  const pooled: PlacementRequest[] = [1, 2, 4, 8].map((count) => ({ pool: `x${count}`, gpus: count, wanted: perJob.filter((request) => request.gpus === count).length, hosts: null }));
  const oneGpu: PlacementRequest[] = [{ pool: "x1", gpus: 1, wanted: options.jobs, hosts: null }];
  const scenario = (requests: PlacementRequest[]) => {
    const placed = placeRunners(hosts, requests);
    const timing = timeIt(options.runs, () => placeRunners(hosts, requests));
    const usedGpus = placed.placements.reduce((sum, placement) => sum + placement.gpus.length, 0);
    const waitingJobs = requests.reduce((sum, request) => sum + request.wanted - (placed.caps.get(request.pool)?.max ?? 0), 0);
    const firstReason = [...placed.caps.values()].find((cap) => cap.reason !== null)?.reason ?? null;
    return { ...timing, placed: placed.placements.length, waitingJobs, usedGpus, idleGpusWhileJobsWait: idleWhileWaiting(hosts, requests, placed), exampleWaitReason: firstReason };
  };
  return {
    jobs: options.jobs,
    hosts: options.hosts,
    gpusPerHost: options.gpusPerHost,
    runs: options.runs,
    onePoolPerJob: scenario(perJob),
    fourPools: scenario(pooled),
    allOneGpu: scenario(oneGpu),
  };
}
