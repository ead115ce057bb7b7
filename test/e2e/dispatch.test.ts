import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSimStack, type SimStack } from "../../src/sim/start-sim-stack.js";

let stack: SimStack | null = null;
let dataDir = "";

async function start(options: Partial<Parameters<typeof startSimStack>[0]> = {}): Promise<SimStack> {
  dataDir = mkdtempSync(join(tmpdir(), "offload-e2e-"));
  stack = await startSimStack({ dataDir, ...options });
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
});
