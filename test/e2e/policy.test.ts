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

  it("holds a fork's pull request on a public repository, says so on the commit, and runs it once a maintainer adds the label", async () => {
    const { github, hf, dispatcher } = await start("policy:\n  forkPullRequests: { public: hold }\n");
    github.setRepoVisibility("acme/app", "public");
    const job = github.queueJob({ repo: "acme/app", labels: ["hf-jobs-cpu-basic"], name: "untrusted", fork: { headRepo: "mallory/app", pullRequest: 7 } });

    const held = await waitUntil("a check run explaining the hold", () => github.checkRunsOf(job.id).find((c) => c.status === "queued" && c.title?.includes("from fork mallory/app")), 30_000);
    expect(held.title).toContain("held until a maintainer adds the label 'ok-to-run'");
    expect(held.actions.map((a) => a.label)).toEqual(["Approve and run"]);
    expect(held.summary).toContain("add the label `ok-to-run` to the pull request");
    expect(hf.jobs()).toEqual([]);
    expect((await dispatcher.ledger?.getJob(job.id))?.reason).toContain("from fork mallory/app");

    github.labelPullRequest({ jobId: job.id, label: "ok-to-run", sender: "alice" });
    await github.waitForAllJobsCompleted(30_000);
    expect(hf.jobs()).toHaveLength(1);
    const done = await waitUntil("the check run to end", () => github.checkRunsOf(job.id).find((c) => c.status === "completed"), 30_000);
    expect(done.conclusion).toBe("success");
    expect(github.violations).toEqual([]);
  });

  it("releases a held fork's job when a maintainer presses the check run's button", async () => {
    const { github, hf } = await start("policy:\n  forkPullRequests: { public: hold }\n");
    github.setRepoVisibility("acme/app", "public");
    const job = github.queueJob({ repo: "acme/app", labels: ["hf-jobs-cpu-basic"], fork: { headRepo: "mallory/app", pullRequest: 9 } });
    const held = await waitUntil("the held job's check run", () => github.checkRunsOf(job.id).find((c) => c.actions.length > 0), 30_000);
    github.pressCheckRunButton({ checkRunId: held.id, identifier: held.actions[0]?.identifier ?? "" });
    await github.waitForAllJobsCompleted(30_000);
    expect(hf.jobs()).toHaveLength(1);
  });

  it("holds new jobs once the month's budget is spent, while the one that spent it finished", async () => {
    const { github, hf, dispatcher } = await start("budgets:\n  - repository: acme/app\n    monthly: 0.001\n");
    const first = github.queueJob({ repo: "acme/app", labels: ["hf-jobs-h200x8"], durationMs: 1500 });
    await github.waitForAllJobsCompleted(30_000);
    expect(github.job(first.id)).toMatchObject({ status: "completed", conclusion: "success" });

    const second = github.queueJob({ repo: "acme/app", labels: ["hf-jobs-h200x8"] });
    const reason = await waitUntil("the second job's hold", async () => {
      const recorded = await dispatcher.ledger?.getJob(second.id);
      return recorded?.reason.includes("monthly budget") === true ? recorded.reason : undefined;
    }, 30_000);
    expect(reason).toContain("monthly budget of $0.00 for acme/app reached");
    expect(hf.jobs()).toHaveLength(1);
    const check = await waitUntil("a check run for the held job", () => github.checkRunsOf(second.id)[0], 30_000);
    expect(check.title).toContain("monthly budget");
  });

  it("never runs more runners at once than the concurrency limit", async () => {
    const { github, hf } = await start("policy:\n  concurrency: { global: 2 }\n");
    for (let i = 0; i < 6; i++) github.queueJob({ repo: "acme/app", labels: ["hf-jobs-cpu-basic"], durationMs: 300 });
    await github.waitForAllJobsCompleted(60_000);
    await waitUntil("every machine to end", () => hf.jobs().every((j) => j.finishedAt !== null) || undefined, 30_000);
    // The most machines alive at any instant, from their real start and end times.
    const edges = hf.jobs().flatMap((j) => [[Date.parse(j.createdAt), 1], [Date.parse(j.finishedAt ?? ""), -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let alive = 0;
    let most = 0;
    for (const [, step] of edges) most = Math.max(most, (alive += step));
    expect(most).toBeLessThanOrEqual(2);
    expect(hf.jobs()).toHaveLength(6);
  });
});
