import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pollQueuedJobs } from "../../src/intake/poll-queued-jobs.js";
import { redeliverFailedDeliveries, createRedeliveryState } from "../../src/intake/redeliver-failed-deliveries.js";
import { refreshKnownJobs } from "../../src/intake/refresh-known-jobs.js";
import type { Ledger } from "../../src/ledger/ledger.js";
import { startSimStack, type SimStack } from "../../src/sim/start-sim-stack.js";
import { createMissedWorkDeps, createSimGitHubClient, waitForAsync } from "../support/missed-work-harness.js";

let stack: SimStack | null = null;
let dataDir = "";

async function start(): Promise<SimStack & { ledger: Ledger }> {
  dataDir = mkdtempSync(join(tmpdir(), "offload-missed-work-"));
  stack = await startSimStack({ dataDir });
  const ledger = stack.dispatcher.ledger;
  if (ledger === null) throw new Error("the stack's ledger did not open");
  return { ...stack, ledger };
}

function depsFor(s: SimStack & { ledger: Ledger }) {
  return createMissedWorkDeps({
    github: createSimGitHubClient(s.github),
    ledger: s.ledger,
    config: s.config,
    bus: s.dispatcher.bus,
    wake: () => s.dispatcher.reconciler?.wake("poll"),
  });
}

afterEach(async () => {
  await stack?.close();
  stack = null;
  rmSync(dataDir, { recursive: true, force: true });
});

describe("finding missed work over the simulators", () => {
  it("records a queued job whose webhook was dropped in one poll round, and the job is then launched", async () => {
    const s = await start();
    s.github.faults.webhooks({ drop: 1 });
    const job = s.github.queueJob({ repo: "acme/app", labels: ["hf-jobs-t4-small"] });
    await s.github.settleDeliveries();
    s.github.faults.webhooks({ drop: 0 });
    expect(await s.ledger.getJob(job.id)).toBeNull();

    const deps = depsFor(s);
    const report = await pollQueuedJobs(deps);

    expect(report).toMatchObject({ polled: 1, recorded: 1, skipped: [] });
    expect(deps.wakes()).toBe(1);
    expect((await s.ledger.listDeliveries(10)).map((d) => [d.guid, d.reason])).toContainEqual([
      `poll:${job.id}:queued:1`,
      "found by the poller: queued for pool repo:acme/app|g1|hf-jobs-t4-small",
    ]);
    await s.github.waitForAllJobsCompleted(30_000);
    await s.github.settleDeliveries();
    expect(s.github.job(job.id)).toMatchObject({ status: "completed", conclusion: "success" });
    await waitForAsync(async () => (await s.ledger.getJob(job.id))?.status === "completed", "the ledger to hear the job completed");
    expect(s.github.violations).toEqual([]);
  });

  it("writes nothing more when a later round finds the same queued job", async () => {
    const s = await start();
    s.dispatcher.reconciler?.setPaused(true);
    s.github.faults.webhooks({ drop: 1 });
    s.github.queueJob({ repo: "acme/app", labels: ["hf-jobs-t4-small"] });
    await s.github.settleDeliveries();
    const deps = depsFor(s);
    expect((await pollQueuedJobs(deps)).recorded).toBe(1);
    const deliveries = (await s.ledger.listDeliveries(100)).length;

    expect((await pollQueuedJobs(deps)).recorded).toBe(0);
    expect(await s.ledger.listDeliveries(100)).toHaveLength(deliveries);
    expect(s.github.violations).toEqual([]);
  });

  it("refreshes a job completed while its webhooks were dropped, and ends one GitHub no longer knows", async () => {
    const s = await start();
    s.dispatcher.reconciler?.setPaused(true);
    const job = s.github.queueJob({ repo: "acme/app", labels: ["hf-jobs-t4-small"] });
    await s.github.settleDeliveries();
    await waitForAsync(async () => (await s.ledger.getJob(job.id))?.status === "queued", "the queued webhook");
    s.github.faults.webhooks({ drop: 1 });
    s.github.cancelJob(job.id);
    await s.github.settleDeliveries();
    expect((await s.ledger.getJob(job.id))?.status).toBe("queued");
    const stored = await s.ledger.getJob(job.id);
    if (stored === null) throw new Error("unreachable");
    const ghostId = job.id + 1000;
    const ghost = { ...stored, jobId: ghostId, runId: stored.runId + 1000 };
    const routing = (await s.ledger.listPools())[0];
    if (routing === undefined) throw new Error("the job's pool is missing");
    await s.ledger.recordJobFact({ delivery: null, fact: ghost, routing: { kind: "pool", pool: routing }, now: new Date().toISOString() });

    const report = await refreshKnownJobs(depsFor(s));

    expect(report).toEqual({ checked: 2, recorded: 2, skipped: 0 });
    expect(await s.ledger.getJob(job.id)).toMatchObject({ status: "completed", conclusion: "cancelled", ownerType: "Organization", installationId: stored.installationId });
    expect(await s.ledger.getJob(ghostId)).toMatchObject({ status: "completed", conclusion: null, reason: expect.stringContaining("GitHub no longer knows this job") });
    expect(s.github.violations).toEqual([]);
  });

  it("redelivers a failed delivery exactly once, and the dispatcher records it", async () => {
    const s = await start();
    s.github.faults.webhooks({ drop: 1 });
    const job = s.github.queueJob({ repo: "acme/app", labels: ["hf-jobs-t4-small"] });
    await s.github.settleDeliveries();
    s.github.faults.webhooks({ drop: 0 });
    const [failed] = s.github.deliveries.filter((d) => d.jobId === job.id);
    expect(failed).toMatchObject({ ok: false, statusCode: 0 });
    if (failed === undefined) throw new Error("unreachable");

    const deps = depsFor(s);
    const state = createRedeliveryState();
    expect(await redeliverFailedDeliveries(deps, state)).toMatchObject({ redelivered: 1, complete: true });
    await s.github.settleDeliveries();
    await waitForAsync(async () => (await s.ledger.findKnownDeliveries([failed.guid])).has(failed.guid), "the redelivered webhook to be recorded");
    expect((await redeliverFailedDeliveries(deps, state)).redelivered).toBe(0);

    const attempts = s.github.deliveries.filter((d) => d.guid === failed.guid);
    expect(attempts.map((d) => ({ ok: d.ok, redelivery: d.redelivery }))).toEqual([{ ok: false, redelivery: false }, { ok: true, redelivery: true }]);
    expect(s.github.calls.filter((c) => c.method === "POST" && c.path.endsWith("/attempts"))).toHaveLength(1);
    expect(await s.ledger.getJob(job.id)).not.toBeNull();
    expect(s.github.violations).toEqual([]);
  });
});
