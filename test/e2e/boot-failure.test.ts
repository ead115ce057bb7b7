import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSimStack, type SimStack } from "../../src/sim/start-sim-stack.js";

let stack: SimStack | null = null;
let dataDir = "";

afterEach(async () => {
  await stack?.close();
  stack = null;
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a machine that fails at boot", () => {
  it("is replaced at once, and the job runs on the replacement", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "offload-boot-"));
    let boots = 0;
    // The first HF job's container exits 1 before its runner connects (compute ends in ERROR).
    stack = await startSimStack({ dataDir, hfExecute: (runner) => async (job, io) => (++boots === 1 ? 1 : runner(job, io)) });
    const { github, hf, dispatcher } = stack;
    const job = github.queueJob({ repo: "acme/app", labels: ["hf-jobs-t4-small"] });

    await github.waitForAllJobsCompleted(30_000);
    expect(github.job(job.id)).toMatchObject({ status: "completed", conclusion: "success" });
    const [first, second, ...others] = hf.jobs();
    expect(others).toEqual([]);
    expect(first?.stage).toBe("ERROR");
    // The replacement was asked for after the first machine failed, not before.
    expect(Date.parse(second?.createdAt ?? "")).toBeGreaterThanOrEqual(Date.parse(first?.finishedAt ?? ""));
    const events = (await dispatcher.ledger?.jobEvents(job.id)) ?? [];
    const failed = events.find((e) => e.kind === "runner:failed");
    expect(failed?.detail).toMatch(/runner ended before taking a job: compute failed .*; next try at \d\d:\d\d:\d\d UTC$/);
    expect(events.map((e) => e.kind).indexOf("runner:failed")).toBeLessThan(events.map((e) => e.kind).lastIndexOf("runner:launched"));
  });
});
