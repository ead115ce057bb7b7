import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { startDispatcher, type Dispatcher } from "../src/app/start-dispatcher.js";
import { loadConfig } from "../src/config/load-config.js";
import { startSims, type Sims } from "../src/sim/start-sims.js";
import { quantile, round } from "./support/stats.js";

export interface ScaleSetBenchOptions {
  /** Jobs per path in the latency comparison, queued one at a time. */
  readonly latencyJobs: number;
  /** Jobs in the burst through one session. */
  readonly burstJobs: number;
  readonly githubLatencyMs: number;
  readonly hfLatencyMs: number;
}

/**
 * Issue #15's benchmark, over the simulators with GitHub (REST and Actions service alike) and HF
 * latency, one in-process dispatcher in mixed mode. (1) Queued → launched (the runner's compute
 * created) for jobs that arrive by webhook and for jobs that arrive through the scale set's long
 * poll, queued one at a time and alternating. (2) A burst of `burstJobs` scale-set jobs queued at
 * once: how long until all are launched and completed, through one session.
 */
export async function runScaleSetBench(options: ScaleSetBenchOptions): Promise<Record<string, unknown>> {
  const sims = await startSims({ github: { latencyMs: options.githubLatencyMs, validate: false, scaleSets: { pollTimeoutMs: 50_000 } }, hfLatencyMs: options.hfLatencyMs, repos: ["acme/app"] });
  const dataDir = mkdtempSync(join(tmpdir(), "offload-bench-scale-set-"));
  const dispatcher = await start(sims, dataDir, options.burstJobs);
  try {
    const launchedAt = new Map<number, number>();
    let launches = 0;
    dispatcher.bus.on("runner:launched", (event) => {
      launches += 1;
      if (event.forJobId !== null && !launchedAt.has(event.forJobId)) launchedAt.set(event.forJobId, performance.now());
    });
    await waitFor(async () => ((await (await fetch(`${dispatcher.url}/readyz`)).json()) as { ready: boolean }).ready, 60_000);

    const latency = { webhook: [] as number[], scaleSet: [] as number[] };
    for (let i = 0; i < options.latencyJobs * 2; i++) {
      const path = i % 2 === 0 ? "webhook" : "scaleSet";
      const queuedAt = performance.now();
      const job = sims.github.queueJob({ repo: "acme/app", labels: [path === "webhook" ? "hf-jobs-cpu-basic" : "lab-gpu"], durationMs: 20 });
      await waitFor(() => launchedAt.has(job.id), 30_000);
      latency[path].push((launchedAt.get(job.id) ?? queuedAt) - queuedAt);
    }
    await sims.github.waitForAllJobsCompleted(60_000);

    const burstStart = performance.now();
    const launchesBefore = launches;
    Array.from({ length: options.burstJobs }, () => sims.github.queueJob({ repo: "acme/app", labels: ["lab-gpu"], durationMs: 20 }));
    // A runner may take another queued job of its pool than the one it was launched for: count launches, not jobs.
    let completed = false;
    const allDone = sims.github.waitForAllJobsCompleted(600_000).then(() => {
      completed = true;
    });
    await waitFor(() => launches - launchesBefore >= options.burstJobs || completed, 600_000);
    const allLaunchedMs = performance.now() - burstStart;
    await allDone;
    const allCompletedMs = performance.now() - burstStart;
    const machines = sims.hf.jobs().length;
    const intake = (await (await fetch(`${dispatcher.url}/api/intake`)).json()) as { scaleSets: { messages: number; reconnects: number }[] };
    const summary = (values: number[]) => ({ p50: round(quantile(values, 0.5)), p90: round(quantile(values, 0.9)), max: round(Math.max(...values)) });
    return {
      githubLatencyMs: options.githubLatencyMs,
      hfLatencyMs: options.hfLatencyMs,
      queuedToLaunchMs: { webhook: summary(latency.webhook), scaleSet: summary(latency.scaleSet), jobsPerPath: options.latencyJobs },
      burst: {
        jobs: options.burstJobs,
        allLaunchedSeconds: round(allLaunchedMs / 1000),
        allCompletedSeconds: round(allCompletedMs / 1000),
        launchesPerSecond: round(options.burstJobs / (allLaunchedMs / 1000)),
        messagesThroughSession: intake.scaleSets[0]?.messages ?? 0,
        reconnects: intake.scaleSets[0]?.reconnects ?? 0,
        // Every job of the run had exactly one machine.
        machines,
        expectedMachines: options.latencyJobs * 2 + options.burstJobs,
      },
      violations: sims.github.violations.length,
    };
  } finally {
    await dispatcher.stop();
    await sims.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function start(sims: Sims, dataDir: string, maxRunners: number): Promise<Dispatcher> {
  const env = {
    ...sims.dispatcherEnv({ dataDir, reconcileIntervalSeconds: 5, logLevel: "warn" }),
    OFFLOAD_SCALE_SETS: JSON.stringify([{ name: "lab-gpu", labels: ["hf-jobs-t4-small"], scope: "org", owner: "acme", installationId: sims.installations.get("acme"), maxRunners }]),
  };
  const { config, problems } = loadConfig({ PATH: process.env["PATH"], HOME: process.env["HOME"], ...env });
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join("; "));
  const dispatcher = await startDispatcher({ config, log: pino({ level: "warn" }) });
  sims.github.setWebhookTarget(`${dispatcher.url}/webhook`);
  return dispatcher;
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`benchmark condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
