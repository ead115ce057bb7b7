import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../../../src/clock/clock.js";
import { Secret } from "../../../src/config/secret.js";
import { createScaleSetClient } from "../../../src/github/actions-service/create-scale-set-client.js";
import type { ScaleSetPort, ScaleSetSession } from "../../../src/github/actions-service/scale-set-port.js";
import { createGitHubClient } from "../../../src/github/create-github-client.js";
import type { RunnerScope } from "../../../src/policy/runner-scope.js";
import { startGitHubSim, type GitHubSim } from "../../../src/sim/github/start-github-sim.js";
import { runSimulatedRunner } from "../../../src/sim/runner/run-simulated-runner.js";

describe("the simulated runner scale-set service, driven by offload's client", () => {
  let sim: GitHubSim;
  let port: ScaleSetPort;
  let scope: RunnerScope;
  const sessions: ScaleSetSession[] = [];
  const abort = new AbortController();

  beforeEach(async () => {
    sim = await startGitHubSim({ scaleSets: { pollTimeoutMs: 100, sessionTimeoutMs: 60_000 } });
    const { installationId } = sim.addInstallation({ account: "acme", type: "Organization", repos: ["app"] });
    scope = { kind: "org", installationId, owner: "acme" };
    const github = createGitHubClient({ apiUrl: sim.url, appId: String(sim.app.id), privateKey: new Secret(sim.app.privateKeyPem), retries: 0 });
    port = createScaleSetClient({ apiUrl: sim.url, webUrl: sim.url, fetch: globalThis.fetch, clock: systemClock, installationOctokit: github.installationOctokit });
  });
  afterEach(async () => {
    for (const session of sessions.splice(0)) await port.deleteSession(session.scope, session.scaleSetId, session.sessionId);
    await sim.close();
  });

  const open = async (scaleSetId: number): Promise<ScaleSetSession> => {
    const session = await port.createSession(scope, scaleSetId, "test-listener");
    if (session === "conflict") throw new Error("unexpected conflict");
    sessions.push(session);
    return session;
  };

  it("gets or creates a scale set by name and updates its labels", async () => {
    const created = await port.ensureScaleSet(scope, { name: "lab-gpu", labels: ["hf-jobs-t4-small"], runnerGroup: "default" });
    expect(created).toMatchObject({ name: "lab-gpu", runnerGroupId: 1, labels: ["hf-jobs-t4-small"] });
    expect(await port.ensureScaleSet(scope, { name: "lab-gpu", labels: ["hf-jobs-t4-small"], runnerGroup: "default" })).toEqual(created);
    const updated = await port.ensureScaleSet(scope, { name: "lab-gpu", labels: ["hf-jobs-t4-small", "cuda"], runnerGroup: "default" });
    expect(updated).toMatchObject({ id: created.id, labels: ["hf-jobs-t4-small", "cuda"] });
    expect(sim.scaleSets.list()).toHaveLength(1);
    await expect(port.ensureScaleSet(scope, { name: "x", labels: ["y"], runnerGroup: "no-such-group" })).rejects.toMatchObject({ code: "OFFLOAD_ACTIONS_SERVICE" });
    expect(sim.violations).toEqual([]);
  });

  it("answers a second session with a conflict, and 202 when a long poll times out", async () => {
    const { id } = await port.ensureScaleSet(scope, { name: "lab-gpu", labels: ["hf-jobs-t4-small"], runnerGroup: "default" });
    const session = await open(id);
    expect(session.statistics).toMatchObject({ totalAssignedJobs: 0 });
    expect(await port.createSession(scope, id, "another-listener")).toBe("conflict");
    expect(await port.getMessage(session, 0, 10, abort.signal)).toBeNull();
  });

  it("offers a job, assigns it once acquired, and delivers every unacknowledged message to the next session", async () => {
    const { id } = await port.ensureScaleSet(scope, { name: "lab-gpu", labels: ["hf-jobs-t4-small"], runnerGroup: "default" });
    const first = await open(id);
    const job = sim.queueJob({ repo: "acme/app", labels: ["lab-gpu"] });
    const offered = await port.getMessage(first, 0, 10, abort.signal);
    expect(offered?.jobs).toMatchObject([{ messageType: "JobAvailable", jobId: String(job.id), requestLabels: ["lab-gpu"], ownerName: "acme", repositoryName: "app" }]);
    expect(offered?.statistics).toMatchObject({ totalAvailableJobs: 1, totalAssignedJobs: 0 });
    const requestId = offered?.jobs[0]?.runnerRequestId ?? 0;
    expect(await port.acquireJobs(first, [requestId])).toEqual([requestId]);
    expect(await port.acquireJobs(first, [requestId])).toEqual([]);

    // Not acknowledged: a crash now. The next session gets the same message again, then the assignment.
    await port.deleteSession(scope, id, first.sessionId);
    sessions.splice(0);
    const second = await open(id);
    const again = await port.getMessage(second, 0, 10, abort.signal);
    expect(again?.messageId).toBe(offered?.messageId);
    await port.deleteMessage(second, again?.messageId ?? 0);
    const assigned = await port.getMessage(second, again?.messageId ?? 0, 10, abort.signal);
    expect(assigned?.jobs).toMatchObject([{ messageType: "JobAssigned", runnerRequestId: requestId }]);
    expect(assigned?.statistics).toMatchObject({ totalAssignedJobs: 1, totalAvailableJobs: 0 });
    await port.deleteMessage(second, assigned?.messageId ?? 0);

    // A runner with the scale set's JIT config takes it.
    const jit = await port.generateJitConfig(scope, id, "offload-lab-1");
    const exit = runSimulatedRunner({ jitConfig: jit.jitConfig.reveal(), log: () => undefined });
    let last = assigned?.messageId ?? 0;
    const seen: string[] = [];
    while (!seen.includes("JobCompleted")) {
      const message = await port.getMessage(second, last, 10, abort.signal);
      if (message === null) continue;
      seen.push(...message.jobs.map((m) => m.messageType));
      await port.deleteMessage(second, message.messageId);
      last = message.messageId;
    }
    expect(await exit).toBe(0);
    expect(seen).toEqual(["JobStarted", "JobCompleted"]);
    expect(sim.job(job.id)).toMatchObject({ status: "completed", conclusion: "success", runnerName: "offload-lab-1" });
    expect(sim.violations).toEqual([]);
  });

  it("offers no more jobs than the listener's X-ScaleSetMaxCapacity allows", async () => {
    const { id } = await port.ensureScaleSet(scope, { name: "lab-gpu", labels: ["hf-jobs-t4-small"], runnerGroup: "default" });
    const session = await open(id);
    expect(await port.getMessage(session, 0, 1, abort.signal)).toBeNull();
    sim.queueJob({ repo: "acme/app", labels: ["lab-gpu"] });
    sim.queueJob({ repo: "acme/app", labels: ["lab-gpu"] });
    const message = await port.getMessage(session, 0, 1, abort.signal);
    expect(message?.jobs.map((m) => m.messageType)).toEqual(["JobAvailable"]);
    expect(message?.statistics.totalAvailableJobs).toBe(2);
  });
});
