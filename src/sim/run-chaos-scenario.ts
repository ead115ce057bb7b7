import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Secret } from "../config/secret.js";
import { createGitHubClient } from "../github/create-github-client.js";
import { createHfJobsProvider } from "../providers/hf-jobs/create-hf-jobs-provider.js";
import { startDispatcherProcess, type DispatcherProcess } from "./start-dispatcher-process.js";
import { startSims } from "./start-sims.js";
import type { SimJob } from "./github/start-github-sim.js";

const LABELS = [["hf-jobs-cpu-basic"], ["hf-jobs-t4-small"], ["self-hosted", "linux", "hf-jobs-a10g-small"]];
const TERMINAL = ["COMPLETED", "ERROR", "CANCELED", "DELETED"];

export interface ChaosResult {
  readonly seed: number;
  readonly jobs: number;
  /** Jobs not completed successfully when the run ended. */
  readonly lost: readonly number[];
  /** Jobs that two runners claim to have run (must be empty). */
  readonly takenTwice: number;
  /** Machines created beyond one per job. */
  readonly extraLaunches: number;
  /** Compute still running and registrations left on GitHub at the end. */
  readonly leftRunning: number;
  readonly leftRegistered: number;
  /** From GitHub queueing a job to the create of the machine whose runner ran it. */
  readonly queuedToLaunchMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** From an orphaned machine appearing to the dispatcher stopping it. */
  readonly orphanCleanupMs: number;
  readonly violations: readonly string[];
  readonly elapsedMs: number;
}

/**
 * The chaos run shared by the test suite and `npm run bench -- chaos`: webhooks dropped,
 * duplicated and reordered, HF creates failing (some after creating), one GitHub 429, and the
 * dispatcher killed with SIGKILL twice while jobs arrive. Deterministic faults for a seed.
 */
export async function runChaosScenario(options: { seed: number; jobs: number; timeoutMs: number }): Promise<ChaosResult> {
  const started = Date.now();
  const sims = await startSims({ github: { seed: options.seed, latencyMs: 10 }, hfLatencyMs: 10 });
  const { github, hf } = sims;
  const dataDir = mkdtempSync(join(tmpdir(), "offload-chaos-"));
  const env = sims.dispatcherEnv({ dataDir, reconcileIntervalSeconds: 1 });
  const dispatchers: DispatcherProcess[] = [];
  try {
    github.faults.webhooks({ drop: 0.2, duplicate: 0.2, reorderWindowMs: 150 });
    github.faults.failNext({ method: "POST", path: /generate-jitconfig$/ }, 429, 1);
    const creates = { method: "POST", path: /^\/api\/jobs\/[^/]+$/ };
    hf.faults.failNext(creates, 500, Math.round(options.jobs / 20));
    hf.faults.failNext(creates, 500, Math.round(options.jobs / 20), { phase: "after" });

    const kills = new Set([Math.floor(options.jobs / 3), Math.floor((2 * options.jobs) / 3)]);
    const start = async (): Promise<DispatcherProcess> => {
      const dispatcher = await startDispatcherProcess(env);
      dispatchers.push(dispatcher);
      github.setWebhookTarget(`${dispatcher.url}/webhook`);
      return dispatcher;
    };
    let dispatcher = await start();
    const jobs: SimJob[] = [];
    for (let i = 0; i < options.jobs; i++) {
      if (kills.has(i)) {
        await dispatcher.kill9();
        dispatcher = await start();
      }
      jobs.push(github.queueJob({ repo: "acme/app", labels: LABELS[i % LABELS.length] ?? [], durationMs: 30 }));
    }
    await github.waitForAllJobsCompleted(options.timeoutMs).catch(() => undefined);
    await waitFor(() => hf.jobs().every((job) => TERMINAL.includes(job.stage)) && github.runners().length === 0, 60_000);

    const finished = jobs.map((job) => github.job(job.id));
    const createAt = new Map(hf.calls.filter((c) => c.method === "POST" && c.subject !== null).map((c) => [c.subject as string, c.receivedAt]));
    const delays = finished.flatMap((job) => {
      const at = job?.runnerName == null ? undefined : createAt.get(job.runnerName);
      return job === undefined || at === undefined ? [] : [at - Date.parse(job.createdAt)];
    });
    // Counted before the orphan probe, which is a machine of its own.
    const machines = hf.jobs();
    const orphanCleanupMs = await measureOrphanCleanup(sims, env["OFFLOAD_DISPATCHER_ID"] ?? `app-${github.app.id}`);
    return {
      seed: options.seed,
      jobs: options.jobs,
      lost: finished.filter((job) => job?.status !== "completed" || job.conclusion !== "success").map((job) => job?.id ?? 0),
      takenTwice: options.jobs - new Set(finished.map((job) => job?.runnerName)).size,
      extraLaunches: machines.length - options.jobs,
      leftRunning: machines.filter((job) => !TERMINAL.includes(job.stage)).length,
      leftRegistered: github.runners().length,
      queuedToLaunchMs: summarize(delays),
      orphanCleanupMs,
      violations: [...github.violations],
      elapsedMs: Date.now() - started,
    };
  } finally {
    for (const dispatcher of dispatchers) await dispatcher.stop();
    await sims.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * A machine tagged as ours that the ledger never heard of (what a crash between create and
 * record would leave if adoption failed): a real registered runner that waits for a job that never
 * comes, so it runs until someone stops it. Returns how long the dispatcher took to stop it.
 */
async function measureOrphanCleanup(sims: Awaited<ReturnType<typeof startSims>>, dispatcherId: string): Promise<number> {
  const { hf, github } = sims;
  const client = createGitHubClient({ apiUrl: github.url, appId: String(github.app.id), privateKey: new Secret(github.app.privateKeyPem) });
  const installationId = sims.installations.get("acme") ?? 0;
  const runnerName = "offload-orphan-probe";
  const jit = await client.createJitRunner({ kind: "repo", installationId, owner: "acme", repo: "app" }, { name: runnerName, labels: ["orphan-probe"], runnerGroupId: 1 });
  const provider = createHfJobsProvider({ endpoint: hf.url, token: new Secret(hf.token), namespace: hf.namespace, dispatcherId });
  const { id } = await provider.launch({
    runnerName,
    flavor: "cpu-basic",
    image: "ubuntu:24.04",
    command: [],
    env: { OFFLOAD_RUNNER_NAME: runnerName },
    secrets: { ACTIONS_RUNNER_INPUT_JITCONFIG: jit.jitConfig },
    timeoutSeconds: 600,
    tags: {},
  });
  const started = Date.now();
  await waitFor(() => hf.jobs().find((job) => job.id === id)?.stage === "CANCELED", 60_000);
  const cleanupMs = Date.now() - started;
  await client.removeRunner({ kind: "repo", installationId, owner: "acme", repo: "app" }, jit.runnerId);
  return cleanupMs;
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

function summarize(values: readonly number[]): { p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN);
  return { p50: at(0.5), p99: at(0.99), max: Math.round(sorted[sorted.length - 1] ?? Number.NaN) };
}
