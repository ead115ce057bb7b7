import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startGitHubSim, type GitHubSim } from "../../../src/sim/github/start-github-sim.js";
import { runSimulatedRunner } from "../../../src/sim/runner/run-simulated-runner.js";
import { callSim, createSimJitRunner, mintInstallationToken, startWebhookReceiver, waitUntil } from "../../support/github-sim-client.js";

describe("GitHub simulator job assignment", () => {
  let sim: GitHubSim;
  let token: string;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let stop: AbortController;
  beforeEach(async () => {
    stop = new AbortController();
    sim = await startGitHubSim();
    receiver = await startWebhookReceiver();
    sim.setWebhookTarget(receiver.url);
    const { installationId } = sim.addInstallation({ account: "octo-org", type: "Organization", repos: ["app"] });
    token = await mintInstallationToken(sim, installationId);
  });
  afterEach(async () => {
    stop.abort();
    await sim.close();
    await receiver.close();
  });

  const run = (jitConfig: string, lines: string[] = []): Promise<number> =>
    runSimulatedRunner({ jitConfig, log: (line) => lines.push(line), signal: stop.signal });

  it("gives an online runner the oldest matching job, not the one it was created for", async () => {
    const first = sim.queueJob({ repo: "octo-org/app", labels: ["hf-jobs-cpu"], name: "first" });
    const second = sim.queueJob({ repo: "octo-org/app", labels: ["HF-JOBS-CPU"], name: "second" });
    const runner = await createSimJitRunner(sim, token, "octo-org/app", "runner-for-second", ["hf-jobs-cpu"]);
    const lines: string[] = [];
    expect(await run(runner.jitConfig, lines)).toBe(0);
    expect(sim.job(first.id)).toMatchObject({ status: "completed", conclusion: "success", runnerName: "runner-for-second" });
    expect(sim.job(second.id)).toMatchObject({ status: "queued", runnerName: null });
    expect(lines).toContain("√ Connected to GitHub");
    expect(lines).toContain("Current runner version: '2.330.0'");
    expect(lines.some((line) => line.endsWith("Running job: first"))).toBe(true);
    expect(lines.some((line) => line.endsWith("Job first completed with result: Succeeded"))).toBe(true);
    expect(sim.runners()).toEqual([]);
  });

  it("never gives a runner a job whose labels it lacks, and waits for a later match", async () => {
    const gpu = sim.queueJob({ repo: "octo-org/app", labels: ["gpu"] });
    const runner = await createSimJitRunner(sim, token, "octo-org/app", "cpu-runner", ["cpu"]);
    const exit = run(runner.jitConfig);
    await waitUntil(() => sim.runners()[0]?.status === "online", 5000, "the runner to come online");
    expect(sim.job(gpu.id)?.status).toBe("queued");
    const cpu = sim.queueJob({ repo: "octo-org/app", labels: ["cpu"], conclusion: "failure" });
    expect(await exit).toBe(0);
    expect(sim.job(cpu.id)).toMatchObject({ status: "completed", conclusion: "failure", runnerName: "cpu-runner" });
    expect(sim.job(gpu.id)?.status).toBe("queued");
  });

  it("sends queued, in_progress and completed webhooks in order for one job", async () => {
    const job = sim.queueJob({ repo: "octo-org/app", labels: ["cpu"] });
    const runner = await createSimJitRunner(sim, token, "octo-org/app", "r1", ["cpu"]);
    expect(await run(runner.jitConfig)).toBe(0);
    await sim.settleDeliveries();
    const actions = receiver.received.filter((hook) => hook.body.workflow_job?.["id"] === job.id).map((hook) => hook.body.action);
    expect(actions).toEqual(["queued", "in_progress", "completed"]);
    const inProgress = receiver.received.find((hook) => hook.body.action === "in_progress")?.body.workflow_job;
    expect(inProgress).toMatchObject({ runner_id: runner.id, runner_name: "r1", runner_group_id: 1, runner_group_name: "Default", status: "in_progress" });
  });

  it("refuses a second session with the same JIT config", async () => {
    sim.queueJob({ repo: "octo-org/app", labels: ["cpu"] });
    const runner = await createSimJitRunner(sim, token, "octo-org/app", "once", ["cpu"]);
    expect(await run(runner.jitConfig)).toBe(0);
    const lines: string[] = [];
    expect(await run(runner.jitConfig, lines)).toBe(1);
    expect(lines.join("\n")).toContain("Failed to create a session");
  });

  it("refuses to connect a runner whose registration was deleted", async () => {
    const runner = await createSimJitRunner(sim, token, "octo-org/app", "deleted", ["cpu"]);
    expect((await callSim(sim, "DELETE", `/repos/octo-org/app/actions/runners/${runner.id}`, { token })).status).toBe(204);
    sim.queueJob({ repo: "octo-org/app", labels: ["cpu"] });
    expect(await run(runner.jitConfig)).toBe(1);
    expect(sim.jobs()[0]?.status).toBe("queued");
  });

  it("refuses to delete a busy runner with GitHub's 422", async () => {
    const job = sim.queueJob({ repo: "octo-org/app", labels: ["cpu"], durationMs: 60_000 });
    const runner = await createSimJitRunner(sim, token, "octo-org/app", "busy-one", ["cpu"]);
    const exit = run(runner.jitConfig);
    await waitUntil(() => sim.job(job.id)?.status === "in_progress", 5000, "the job to start");
    const reply = await callSim(sim, "DELETE", `/repos/octo-org/app/actions/runners/${runner.id}`, { token });
    expect(reply.status).toBe(422);
    expect(reply.body).toMatchObject({ message: 'Bad request - Runner "busy-one" is still running a job' });
    sim.cancelJob(job.id);
    expect(await exit).toBe(0);
    expect(sim.job(job.id)?.conclusion).toBe("cancelled");
    expect(sim.violations).toEqual([]);
  });

  it("completes a cancelled queued job with null runner fields", async () => {
    const job = sim.queueJob({ repo: "octo-org/app", labels: ["cpu"] });
    sim.cancelJob(job.id);
    await sim.waitForAllJobsCompleted(1000);
    await sim.settleDeliveries();
    const completed = receiver.received.find((hook) => hook.body.action === "completed")?.body.workflow_job;
    expect(completed).toMatchObject({ conclusion: "cancelled", status: "completed", runner_id: null, runner_name: null, steps: [] });
  });

  it("assigns a random matching job with a seed, reproducibly", async () => {
    const pickWith = async (seed: number): Promise<string | undefined> => {
      const other = await startGitHubSim({ assignment: "random", seed, validate: false });
      try {
        const { installationId } = other.addInstallation({ account: "o", type: "User", repos: ["r"] });
        const otherToken = await mintInstallationToken(other, installationId);
        for (const name of ["a", "b", "c", "d", "e"]) other.queueJob({ repo: "o/r", labels: ["x"], name });
        const runner = await createSimJitRunner(other, otherToken, "o/r", "picker", ["x"]);
        await runSimulatedRunner({ jitConfig: runner.jitConfig, log: () => undefined });
        return other.jobs().find((job) => job.status === "completed")?.name;
      } finally {
        await other.close();
      }
    };
    expect(await pickWith(7)).toBe(await pickWith(7));
  });

  it("rejects waitForAllJobsCompleted with the stuck jobs listed", async () => {
    sim.queueJob({ repo: "octo-org/app", labels: ["nobody-has-this"], name: "stuck" });
    await expect(sim.waitForAllJobsCompleted(50)).rejects.toThrow(/'stuck' \[nobody-has-this\] in octo-org\/app is queued/);
  });
});
