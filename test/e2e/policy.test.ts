import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSimStack, type SimStack } from "../../src/sim/start-sim-stack.js";
import { waitUntil } from "../support/wait-until.js";

let stack: SimStack | null = null;
let dataDir = "";

async function start(offloadYaml: string): Promise<SimStack> {
  dataDir = mkdtempSync(join(tmpdir(), "offload-policy-"));
  const configPath = join(dataDir, "offload.yaml");
  writeFileSync(configPath, offloadYaml);
  stack = await startSimStack({ dataDir, reconcileIntervalSeconds: 1, env: { OFFLOAD_CONFIG: configPath } });
  return stack;
}

afterEach(async () => {
  await stack?.close();
  stack = null;
  rmSync(dataDir, { recursive: true, force: true });
});

describe("policy over the simulators", () => {
  it("refuses hf-jobs-h200x8 for a repository not allowed GPUs and says why in a check run on its commit", async () => {
    const { github, hf, dispatcher } = await start("policy:\n  flavors:\n    - repositories: acme/*\n      maxGpus: 0\n");
    const job = github.queueJob({ repo: "acme/app", labels: ["hf-jobs-h200x8"], name: "train" });

    const check = await waitUntil("a check run for the refused job", () => github.checkRunsOf(job.id)[0], 20_000);
    expect(check).toMatchObject({ name: "offload: train", status: "completed", conclusion: "neutral" });
    expect(check.title).toBe("Not run by offload: label hf-jobs-h200x8 asks for 8 GPUs, but acme/app may use no GPUs (policy.flavors maxGpus in offload.yaml); pick a smaller flavor or ask an admin to raise the limit".slice(0, 255));
    expect(check.summary).toContain("runs-on: hf-jobs-h200x8");
    expect(await dispatcher.ledger?.getJob(job.id)).toMatchObject({ routing: "refused" });
    expect(hf.jobs()).toEqual([]);
    expect(github.violations).toEqual([]);
  });

  it("launches at once, with no check run and no extra GitHub call, what policy allows", async () => {
    const { github, hf } = await start("policy:\n  flavors:\n    - repositories: acme/*\n      maxGpus: 1\n");
    const job = github.queueJob({ repo: "acme/app", labels: ["hf-jobs-t4-small"] });
    await github.waitForAllJobsCompleted(30_000);
    expect(hf.jobs()).toHaveLength(1);
    expect(github.checkRunsOf(job.id)).toEqual([]);
    expect(github.calls.filter((call) => call.path.includes("check-runs"))).toEqual([]);
  });
});
