import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../../src/clock/clock.js";
import { createMissedWorkFinder, type MissedWorkFinder } from "../../src/intake/create-missed-work-finder.js";
import { startSimStack, type SimStack } from "../../src/sim/start-sim-stack.js";
import { captureLogger } from "../support/intake-fixtures.js";
import { createSimGitHubClient } from "../support/missed-work-harness.js";

let stack: SimStack | null = null;
let finder: MissedWorkFinder | null = null;
let dataDir = "";

afterEach(async () => {
  await finder?.stop();
  await stack?.close();
  finder = null;
  stack = null;
  rmSync(dataDir, { recursive: true, force: true });
});

async function setUp(intervals: { pollMs?: number; redeliverMs?: number } = {}) {
  dataDir = mkdtempSync(join(tmpdir(), "offload-finder-"));
  const s = await startSimStack({ dataDir });
  stack = s;
  s.dispatcher.reconciler?.setPaused(true);
  const ledger = s.dispatcher.ledger;
  if (ledger === null) throw new Error("the stack's ledger did not open");
  const { log, lines } = captureLogger();
  finder = createMissedWorkFinder({
    github: createSimGitHubClient(s.github), ledger, config: s.config, clock: systemClock, log, bus: s.dispatcher.bus,
    wake: () => s.dispatcher.reconciler?.wake("poll"), intervals,
  });
  return { s, ledger, finder, lines };
}

describe("the missed-work finder", () => {
  it("before the first launch, re-reads known jobs, polls and redelivers", async () => {
    const { s, ledger, finder } = await setUp();
    const taken = s.github.queueJob({ repo: "acme/app", labels: ["hf-jobs-t4-small"] });
    await s.github.settleDeliveries();
    s.github.faults.webhooks({ drop: 1 });
    s.github.cancelJob(taken.id);
    const lost = s.github.queueJob({ repo: "acme/app", labels: ["hf-jobs-cpu-basic"] });
    await s.github.settleDeliveries();
    s.github.faults.webhooks({ drop: 0 });

    await finder.refreshBeforeLaunch();
    await s.github.settleDeliveries();

    expect(await ledger.getJob(taken.id)).toMatchObject({ status: "completed", conclusion: "cancelled" });
    expect(await ledger.getJob(lost.id)).toMatchObject({ status: "queued" });
    expect(s.github.calls.some((c) => c.path === "/app/hook/deliveries")).toBe(true);
    expect(s.github.violations).toEqual([]);
  });

  it("finds a lost job on its own timer, and stops", async () => {
    const { s, ledger, finder } = await setUp({ pollMs: 20, redeliverMs: 20 });
    finder.start();
    s.github.faults.webhooks({ drop: 1 });
    const found = s.dispatcher.bus.waitFor("job:updated", (update) => update.status === "queued");
    const lost = s.github.queueJob({ repo: "acme/app", labels: ["hf-jobs-t4-small"] });

    expect((await found).jobId).toBe(lost.id);
    await finder.stop();
    const calls = s.github.calls.length;
    await finder.runOnce();
    expect(s.github.calls.length).toBeGreaterThan(calls);
    expect(await ledger.getJob(lost.id)).toMatchObject({ status: "queued" });
    expect(s.github.violations).toEqual([]);
  });

  it("logs a failed round and never throws into its caller", async () => {
    const { s, finder, lines } = await setUp();
    s.github.faults.failNext({ method: "GET", path: /^\/app\/installations$/ }, 500, 10);
    s.github.faults.failNext({ method: "GET", path: /^\/app\/hook\/deliveries$/ }, 500, 10);

    await expect(finder.runOnce()).resolves.toBeUndefined();
    expect(lines.filter((line) => line.includes("background round failed")).length).toBe(2);
  });
});
