import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimStack } from "../src/sim/start-sim-stack.js";

/** p-th percentile (0–100) of the values, nearest rank. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Queued → in_progress of the first `jobs` jobs of one label, over the simulators with a cold
 * start of `coldStartMs` (HF keeps each new job in SCHEDULING that long): once with a warm pool of
 * `jobs` idle runners (started, then given the time to come online), once without.
 */
async function measure(input: { jobs: number; coldStartMs: number; warm: boolean }): Promise<{ p50Ms: number; maxMs: number; waitedForWarmMs: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), "offload-warm-bench-"));
  const stack = await startSimStack({
    dataDir,
    hfSchedulingDelayMs: input.coldStartMs,
    env: (sims) =>
      input.warm ? { OFFLOAD_WARM_POOLS: JSON.stringify([{ labels: ["hf-jobs-t4-small"], repository: "acme/app", installationId: sims.installations.get("acme"), min: input.jobs }]) } : {},
  });
  try {
    const started = Date.now();
    if (input.warm) await waitFor("warm runners online", () => stack.github.runners().filter((r) => r.status === "online" && !r.busy).length >= input.jobs, input.coldStartMs + 60_000);
    const waitedForWarmMs = Date.now() - started;
    const jobs = Array.from({ length: input.jobs }, () => stack.github.queueJob({ repo: "acme/app", labels: ["hf-jobs-t4-small"] }));
    await waitFor("jobs started", () => jobs.every((job) => stack.github.job(job.id)?.status !== "queued"), input.coldStartMs + 60_000);
    const waits = jobs.map((job) => {
      const seen = stack.github.job(job.id);
      return Date.parse(seen?.startedAt ?? "") - Date.parse(seen?.createdAt ?? "");
    });
    return { p50Ms: percentile(waits, 50), maxMs: Math.max(...waits), waitedForWarmMs };
  } finally {
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `npm run bench -- warm-start`: the first N jobs of a warm label against a cold one. */
export async function runWarmStartBench(input: { jobs: number; coldStartMs: number }): Promise<Record<string, unknown>> {
  const warm = await measure({ ...input, warm: true });
  const cold = await measure({ ...input, warm: false });
  return { jobs: input.jobs, coldStartMs: input.coldStartMs, warm, cold, targetWarmP50Ms: 2_000 };
}
