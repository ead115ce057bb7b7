import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startDispatcherProcess, type DispatcherProcess } from "../../src/sim/start-dispatcher-process.js";
import { startSims, type Sims } from "../../src/sim/start-sims.js";
import { waitUntil } from "../support/wait-until.js";

let sims: Sims | null = null;
const dispatchers: DispatcherProcess[] = [];
let dataDir = "";

afterEach(async () => {
  for (const dispatcher of dispatchers.splice(0)) await dispatcher.stop();
  await sims?.close();
  sims = null;
  rmSync(dataDir, { recursive: true, force: true });
});

const LABELS = [["hf-jobs-cpu-basic"], ["hf-jobs-t4-small"], ["self-hosted", "linux", "hf-jobs-a10g-small"], ["hf-jobs-cpu-upgrade"]];

describe("a dispatcher killed with SIGKILL and restarted on the same data directory", () => {
  it("gives every job of an acknowledged burst exactly one runner, and leaves nothing behind", async () => {
    // Upstream latency keeps launches in flight at the moment of the kill.
    sims = await startSims({ github: { latencyMs: 120 }, hfLatencyMs: 120 });
    dataDir = mkdtempSync(join(tmpdir(), "offload-crash-"));
    const env = sims.dispatcherEnv({ dataDir, reconcileIntervalSeconds: 1 });
    const first = await startDispatcherProcess(env);
    dispatchers.push(first);
    sims.github.setWebhookTarget(`${first.url}/webhook`);

    const jobs = Array.from({ length: 24 }, (_, i) => sims!.github.queueJob({ repo: "acme/app", labels: LABELS[i % LABELS.length] ?? [], durationMs: 100 }));
    const github = sims.github;
    await waitUntil("every queued webhook acknowledged", () => github.deliveries.filter((d) => d.action === "queued" && d.statusCode === 200).length === jobs.length);
    await first.kill9();

    // While it is down, runners it launched take jobs and their webhooks are lost.
    const second = await startDispatcherProcess(env);
    dispatchers.push(second);
    github.setWebhookTarget(`${second.url}/webhook`);
    await github.waitForAllJobsCompleted(60_000);

    const finished = jobs.map((job) => github.job(job.id));
    expect(finished.every((job) => job?.status === "completed" && job.conclusion === "success")).toBe(true);
    const runnerNames = finished.map((job) => job?.runnerName);
    expect(new Set(runnerNames).size).toBe(jobs.length);
    // Exactly one machine per job: a launch cut off by the kill was adopted or cleaned, never repeated.
    expect(sims.hf.jobs()).toHaveLength(jobs.length);
    await waitUntil("no runner registration left on GitHub", () => github.runners().length === 0);
    await waitUntil("no compute left running", () => sims!.hf.jobs().every((job) => ["COMPLETED", "ERROR", "CANCELED"].includes(job.stage)));
    expect(github.violations).toEqual([]);
  });
});
