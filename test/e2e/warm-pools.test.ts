import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSimStack, type SimStack } from "../../src/sim/start-sim-stack.js";
import { waitUntil } from "../support/wait-until.js";

let stack: SimStack | null = null;
let dataDir = "";

afterEach(async () => {
  await stack?.close();
  stack = null;
  rmSync(dataDir, { recursive: true, force: true });
});

describe("warm pools over the simulators", () => {
  it("keeps idle runners for a warm label before any job, starts the first jobs on them, and refills the pool", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "offload-warm-"));
    // A slow cold start: HF keeps each new job in SCHEDULING for 3 s.
    stack = await startSimStack({
      dataDir,
      hfSchedulingDelayMs: 3_000,
      env: (sims) => ({
        OFFLOAD_WARM_POOLS: JSON.stringify([{ labels: ["hf-jobs-t4-small"], repository: "acme/app", installationId: sims.installations.get("acme"), min: 2 }]),
      }),
    });
    const { github, dispatcher } = stack;
    const launched: string[] = [];
    dispatcher.bus.on("runner:launched", (event) => launched.push(event.name));

    // Two warm runners come online with no job queued.
    await waitUntil("two warm runners online", () => github.runners().filter((r) => r.status === "online" && !r.busy).length === 2, 20_000);
    const warm = github.runners().map((r) => r.name);
    expect(warm).toHaveLength(2);
    expect(github.runners().every((r) => r.labels.includes("hf-jobs-t4-small"))).toBe(true);

    const jobs = [github.queueJob({ repo: "acme/app", labels: ["hf-jobs-t4-small"] }), github.queueJob({ repo: "acme/app", labels: ["hf-jobs-t4-small"] })];
    await github.waitForAllJobsCompleted(30_000);
    // Both jobs ran on the runners that were warm before they were queued: no cold start.
    expect(jobs.map((job) => github.job(job.id)?.runnerName).sort()).toEqual([...warm].sort());
    // The pool is refilled to two idle runners for the next jobs.
    await waitUntil("the warm pool refilled", () => launched.filter((name) => !warm.includes(name)).length >= 2, 20_000);
    const pools = (await dispatcher.app.inject({ method: "GET", url: "/api/pools" })).json().pools;
    expect(pools).toMatchObject([{ labels: ["hf-jobs-t4-small"], queued: 0 }]);
  });
});
