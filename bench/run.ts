import { mkdirSync, writeFileSync } from "node:fs";
import { runChaosScenario } from "../src/sim/run-chaos-scenario.js";
import { runBatchBench } from "./batch-bench.js";
import { runCliStartupBench } from "./cli-startup.js";
import { runDispatchBench } from "./dispatch-bench.js";
import { runDockerLaunchBench } from "./docker-launch-bench.js";
import { runPlacementBench } from "./placement-bench.js";
import { runReplicasBench } from "./replicas-bench.js";
import { runScaleSetBench } from "./scale-set-bench.js";
import { runWarmStartBench } from "./warm-start-bench.js";

/**
 * `npm run bench [-- <scenario>]`: runs a benchmark and writes its figures to
 * bench/results/<scenario>.json (the latest run; history is in git).
 */
const scenario = process.argv[2] ?? "dispatch";
const WARM_UP_JOBS = Number(process.env["BENCH_WARM_UP"] ?? 100);
const scenarios: Record<string, () => Promise<Record<string, unknown>>> = {
  dispatch: () => runDispatchBench({ jobs: Number(process.env["BENCH_JOBS"] ?? 1000), concurrency: 50, githubLatencyMs: 40, hfLatencyMs: 60, warmUpJobs: WARM_UP_JOBS }),
  // The same burst as an open loop at a steady rate: what the dispatcher adds when it is not saturated.
  "dispatch-paced": () =>
    runDispatchBench({ jobs: Number(process.env["BENCH_JOBS"] ?? 1000), concurrency: 50, githubLatencyMs: 40, hfLatencyMs: 60, warmUpJobs: WARM_UP_JOBS, ratePerSecond: Number(process.env["BENCH_RATE"] ?? 50) }),
  batch: () => runBatchBench({ runs: Number(process.env["BENCH_RUNS"] ?? 5), arraySize: Number(process.env["BENCH_ARRAY"] ?? 100), githubLatencyMs: 40, pollMs: Number(process.env["BENCH_POLL_MS"] ?? 250) }),
  placement: async () => runPlacementBench({ jobs: Number(process.env["BENCH_JOBS"] ?? 500), hosts: 8, gpusPerHost: 8, runs: 50 }),
  "docker-launch": () => runDockerLaunchBench({ launches: Number(process.env["BENCH_LAUNCHES"] ?? 10) }),
  // Two replicas on PostgreSQL against one on SQLite, and leader failover (issue #12 item 5).
  replicas: () => runReplicasBench({ jobs: Number(process.env["BENCH_JOBS"] ?? 1000), concurrency: 50, githubLatencyMs: 40, hfLatencyMs: 60, warmUpJobs: WARM_UP_JOBS }),
  // Issue #15: queued-to-launch through the scale set's long poll against webhooks, and a burst through one session.
  "scale-set": () => runScaleSetBench({ latencyJobs: Number(process.env["BENCH_LATENCY_JOBS"] ?? 30), burstJobs: Number(process.env["BENCH_JOBS"] ?? 1000), githubLatencyMs: 40, hfLatencyMs: 60 }),
  "cli-startup": () => runCliStartupBench({ runs: Number(process.env["BENCH_RUNS"] ?? 7), settleMs: 3000 }),
  // The first N jobs of a warm label with a 30 s simulated cold start, and the same label cold.
  "warm-start": () => runWarmStartBench({ jobs: Number(process.env["BENCH_JOBS"] ?? 4), coldStartMs: Number(process.env["BENCH_COLD_START_MS"] ?? 30_000) }),
  chaos: async () => {
    const result = await runChaosScenario({ seed: Number(process.env["BENCH_SEED"] ?? 1), jobs: Number(process.env["BENCH_JOBS"] ?? 1000), timeoutMs: 600_000 });
    return { ...result, lost: result.lost.length, lostJobIds: result.lost, violations: result.violations.length };
  },
};
const run = scenarios[scenario];
if (run === undefined) {
  console.error(`unknown benchmark '${scenario}': expected one of ${Object.keys(scenarios).join(", ")}`);
  process.exit(2);
}
const result = { scenario, at: new Date().toISOString(), node: process.version, cpus: (await import("node:os")).cpus().length, ...(await run()) };
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL(`./results/${scenario}.json`, import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
process.exit(0);
