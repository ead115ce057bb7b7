import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FLAVORS, isGpuFlavor } from "../../src/config/flavors.js";
import { Secret } from "../../src/config/secret.js";
import { createGitHubClient } from "../../src/github/create-github-client.js";
import { createHfJobsProvider } from "../../src/providers/hf-jobs/create-hf-jobs-provider.js";
import { startSimStack, type SimStack } from "../../src/sim/start-sim-stack.js";
import { waitUntil } from "../support/wait-until.js";

let stack: SimStack | null = null;
let dataDir = "";

async function start(options: Partial<Parameters<typeof startSimStack>[0]> = {}): Promise<SimStack> {
  dataDir = mkdtempSync(join(tmpdir(), "offload-e2e-"));
  stack = await startSimStack({ dataDir, ...options });
  return stack;
}

function stackUnderTest(): SimStack {
  if (stack === null) throw new Error("no stack started");
  return stack;
}

afterEach(async () => {
  await stack?.close();
  stack = null;
  rmSync(dataDir, { recursive: true, force: true });
});

describe("dispatch over the simulators", () => {
  it("runs a job labelled hf-jobs-t4-small on an HF Jobs T4 through a JIT runner", async () => {
    const { github, hf, dispatcher } = await start();
    const job = github.queueJob({ repo: "acme/app", labels: ["hf-jobs-t4-small"], name: "gpu tests" });

    await github.waitForAllJobsCompleted(30_000);
    await github.settleDeliveries();

    const done = github.job(job.id);
    expect(done).toMatchObject({ status: "completed", conclusion: "success" });
    expect(done?.runnerName).toMatch(/^offload-\d+-[0-9a-f]{8}$/);
    const [hfJob, ...others] = hf.jobs();
    expect(others).toEqual([]);
    expect(hfJob).toMatchObject({ flavor: "t4-small", image: "nvidia/cuda:12.9.2-runtime-ubuntu24.04" });
    expect(hfJob?.secretNames).toEqual(["ACTIONS_RUNNER_INPUT_JITCONFIG"]);
    expect(JSON.stringify(hfJob?.env)).not.toContain("jit");
    expect(github.violations).toEqual([]);

    const recorded = await dispatcher.ledger?.getJob(job.id);
    expect(recorded).toMatchObject({ status: "completed", conclusion: "success", flavor: "t4-small", runnerName: done?.runnerName });
  });

  it("runs a job on every flavor in the catalogue, with the GPU image exactly for GPU flavors", async () => {
    const { github, hf } = await start();
    const jobs = FLAVORS.map((flavor) => ({ flavor, job: github.queueJob({ repo: "acme/app", labels: [`HF-Jobs-${flavor.name}`] }) }));

    await github.waitForAllJobsCompleted(60_000);

    const byRunner = new Map(hf.jobs().map((j) => [j.env["OFFLOAD_RUNNER_NAME"], j]));
    for (const { flavor, job } of jobs) {
      const machine = byRunner.get(github.job(job.id)?.runnerName ?? "");
      expect(machine?.flavor, flavor.name).toBe(flavor.name);
      expect(machine?.image, flavor.name).toBe(isGpuFlavor(flavor) ? "nvidia/cuda:12.9.2-runtime-ubuntu24.04" : "ubuntu:24.04");
    }
    expect(hf.jobs()).toHaveLength(FLAVORS.length);
    expect(github.violations).toEqual([]);
  });

  it("launches one runner per job when webhooks arrive duplicated and out of order", async () => {
    const { github, hf, dispatcher } = await start();
    github.faults.webhooks({ duplicate: 0.5, reorderWindowMs: 80 });
    const jobs = Array.from({ length: 12 }, (_, i) => github.queueJob({ repo: "acme/app", labels: [i % 2 === 0 ? "hf-jobs-cpu-basic" : "hf-jobs-t4-small"], durationMs: 30 }));

    await github.waitForAllJobsCompleted(30_000);
    await github.settleDeliveries();

    expect(github.deliveries.length).toBeGreaterThan(jobs.length * 3);
    expect(hf.jobs()).toHaveLength(jobs.length);
    for (const job of jobs) expect(await dispatcher.ledger?.getJob(job.id)).toMatchObject({ status: "completed", conclusion: "success" });
    expect(github.violations).toEqual([]);
  });

  it("cancels the compute and removes the registration when a job is cancelled before a runner picks it up", async () => {
    // The machine stays in SCHEDULING, so the runner can never take the job before the cancel.
    const { github, hf, dispatcher } = await start({ hfSchedulingDelayMs: 60_000 });
    const job = github.queueJob({ repo: "acme/app", labels: ["hf-jobs-a10g-large"] });
    const launched = await dispatcher.bus.waitFor("runner:launched");
    expect(github.runners().map((r) => r.name)).toEqual([launched.name]);

    github.cancelJob(job.id);
    const ended = await dispatcher.bus.waitFor("runner:ended", (e) => e.name === launched.name);

    expect(ended.state).toBe("cancelled");
    expect(hf.jobs().map((j) => j.stage)).toEqual(["CANCELED"]);
    expect(github.runners()).toEqual([]);
    expect(await dispatcher.ledger?.getJob(job.id)).toMatchObject({ status: "completed", conclusion: "cancelled" });
  });

  it("still gives every job a runner when runners take each other's jobs", async () => {
    const { github, hf, dispatcher } = await start({ github: { assignment: "random", seed: 7 } });
    const jobs = Array.from({ length: 10 }, () => github.queueJob({ repo: "acme/app", labels: ["hf-jobs-cpu-basic"], durationMs: 30 }));

    await github.waitForAllJobsCompleted(30_000);
    await github.settleDeliveries();

    expect(hf.jobs()).toHaveLength(jobs.length);
    const runners = await dispatcher.ledger?.listRunners({ limit: 100 });
    const swapped = runners?.filter((r) => r.tookJobId !== null && r.tookJobId !== r.forJobId) ?? [];
    // Random assignment hands most runners a job other than the one they were launched for.
    expect(swapped.length).toBeGreaterThan(0);
    expect(new Set(runners?.map((r) => r.tookJobId))).toEqual(new Set(jobs.map((j) => j.id)));
  });

  it("runs runners as local processes with the local provider", async () => {
    const { github, dispatcher } = await start({ provider: "local" });
    const job = github.queueJob({ repo: "acme/app", labels: ["hf-jobs-cpu-basic"] });

    await github.waitForAllJobsCompleted(30_000);
    const ended = await dispatcher.bus.waitFor("runner:ended");

    expect(github.job(job.id)).toMatchObject({ status: "completed", conclusion: "success" });
    expect(ended).toMatchObject({ state: "finished" });
    expect(github.violations).toEqual([]);
  });

  it("records a job with an unknown flavor with its reason and launches nothing", async () => {
    const { github, hf, dispatcher } = await start();
    const job = github.queueJob({ repo: "acme/app", labels: ["hf-jobs-h100"] });
    const recorded = await waitUntil("the job recorded", async () => (await dispatcher.ledger?.getJob(job.id)) ?? undefined);

    expect(recorded.routing).toBe("refused");
    expect(recorded.reason).toContain("hf-jobs-h100");
    expect((await dispatcher.reconciler?.pass())?.decisions).toEqual([]);
    expect(hf.jobs()).toEqual([]);
  });

  it("exposes startup time per label, provider calls, GitHub's rate limit and compute cost as Prometheus metrics", async () => {
    const { github, dispatcher } = await start();
    github.queueJob({ repo: "acme/app", labels: ["hf-jobs-t4-small"] });
    await github.waitForAllJobsCompleted(30_000);
    await github.settleDeliveries();

    const metrics = await (await fetch(`${dispatcher.url}/metrics`)).text();
    expect(metrics).toMatch(/^offload_job_startup_seconds_count\{label="hf-jobs-t4-small"\} 1$/m);
    expect(metrics).toMatch(/^offload_provider_calls_total\{provider="hf-jobs",op="launch",result="ok"\} 1$/m);
    expect(metrics).toMatch(/^offload_github_rate_limit_remaining \d+$/m);
    expect(metrics).toMatch(/^offload_compute_cost_usd\{flavor="t4-small"\} \d/m);
    expect(metrics).toMatch(/^offload_webhook_deliveries_total\{result="accepted"\} 3$/m);
    // Every ledger write went through a commit: the three webhooks' at least.
    expect(Number(/^offload_ledger_writes_per_commit_sum (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(3);
    expect(metrics).toMatch(/^offload_ledger_commit_seconds_count [1-9]\d*$/m);
    // The one job was launched for its own webhook: one overhead sample, well under its 30 s bucket.
    expect(metrics).toMatch(/^offload_dispatch_overhead_seconds_count 1$/m);
    expect(metrics).toMatch(/^offload_dispatch_overhead_seconds_bucket\{le="30"\} 1$/m);
  });

  it("stops compute tagged as ours that no runner in the ledger owns, and leaves other compute alone", async () => {
    const stack = await start({ hfSchedulingDelayMs: 60_000 });
    const { hf, config } = stack;
    const provider = (id: string) => createHfJobsProvider({ endpoint: hf.url, token: new Secret(hf.token), namespace: hf.namespace, dispatcherId: id });
    const spec = (runnerName: string) => ({ runnerName, flavor: "cpu-basic", image: "ubuntu:24.04", command: ["true"], env: { OFFLOAD_RUNNER_NAME: runnerName }, secrets: {}, timeoutSeconds: 600, tags: {} });
    const orphan = await provider(config.dispatcherId).launch(spec("offload-lost-after-crash"));
    const foreign = await provider("someone-else").launch(spec("their-runner"));

    // The timer pass (every second here) looks at the providers and finds it.
    const stage = (id: string) => hf.jobs().find((j) => j.id === id)?.stage;
    await waitUntil("the orphan cancelled", () => stage(orphan.id) === "CANCELED");
    await stack.dispatcher.reconciler?.pass({ observe: true });
    await stack.dispatcher.reconciler?.settled();
    expect(stage(foreign.id)).toBe("SCHEDULING");
  });

  it("records jobs but launches nothing while drained, and launches them on resume", async () => {
    const { github, hf, dispatcher } = await start();
    const drain = (paused: boolean) =>
      fetch(`${dispatcher.url}/api/drain`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ paused }) }).then((r) => r.json());
    expect(await drain(true)).toMatchObject({ paused: true });
    const job = github.queueJob({ repo: "acme/app", labels: ["hf-jobs-cpu-basic"] });
    await waitUntil("the job recorded", async () => (await dispatcher.ledger?.getJob(job.id)) ?? undefined);
    await dispatcher.reconciler?.pass({ observe: true });
    expect(hf.jobs()).toEqual([]);
    expect(await (await fetch(`${dispatcher.url}/readyz`)).json()).toMatchObject({ checks: { reconciler: { detail: "running, launches paused (drain)" } } });

    expect(await drain(false)).toMatchObject({ paused: false });
    await github.waitForAllJobsCompleted(30_000);
    expect(hf.jobs()).toHaveLength(1);
  });

  it("removes the registration GitHub created when it lost the answer to generate-jitconfig, and still runs the job", async () => {
    const { github, hf, installations } = await start();
    // A user's own offline runner, with a name like ours: never ours to remove.
    const client = createGitHubClient({ apiUrl: github.url, appId: String(github.app.id), privateKey: new Secret(github.app.privateKeyPem) });
    await client.createJitRunner({ kind: "repo", installationId: installations.get("acme") ?? 0, owner: "acme", repo: "app" }, { name: "offload-users-own", labels: ["gpu"], runnerGroupId: 1 });
    // GitHub creates the runner, then its edge answers 502: the launch fails and the JIT config is never seen.
    github.faults.failNext({ method: "POST", path: /generate-jitconfig$/, afterEffect: true }, 502, 1);
    const job = github.queueJob({ repo: "acme/app", labels: ["hf-jobs-cpu-basic"] });

    await github.waitForAllJobsCompleted(30_000);
    expect(github.job(job.id)).toMatchObject({ status: "completed", conclusion: "success" });
    expect(hf.jobs()).toHaveLength(1);
    await waitUntil("the left-over registration removed", () => github.runners().length === 1);
    await stackUnderTest().dispatcher.reconciler?.pass({ observe: true });
    await stackUnderTest().dispatcher.reconciler?.settled();
    expect(github.runners().map((r) => r.name)).toEqual(["offload-users-own"]);
    expect(github.violations).toEqual([]);
  });
});
