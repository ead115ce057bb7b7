import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { startGitHubSim, type GitHubSim } from "../../../src/sim/github/start-github-sim.js";
import { appJwt, callSim, createSimJitRunner, mintInstallationToken, startWebhookReceiver } from "../../support/github-sim-client.js";

/** Runs src/sim/runner/main.ts as the local provider does and collects its output. */
function runRunnerProcess(jitConfig: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/sim/runner/main.ts"], {
      env: { ...process.env, ACTIONS_RUNNER_INPUT_JITCONFIG: jitConfig },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("GitHub simulator full flow", () => {
  let sim: GitHubSim | undefined;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;
  afterEach(async () => {
    await sim?.close();
    await receiver?.close();
  });

  it("answers a dispatcher's whole conversation with responses that match GitHub's OpenAPI description", async () => {
    sim = await startGitHubSim({ latencyMs: 5 });
    receiver = await startWebhookReceiver();
    sim.setWebhookTarget(receiver.url);
    const { installationId } = sim.addInstallation({ account: "octo-org", type: "Organization", repos: ["app", "lib"] });
    const jwt = appJwt(sim);
    await callSim(sim, "GET", "/app", { token: jwt });
    await callSim(sim, "GET", "/app/installations?per_page=100", { token: jwt });
    await callSim(sim, "GET", "/repos/octo-org/app/installation", { token: jwt });
    await callSim(sim, "GET", "/orgs/octo-org/installation", { token: jwt });
    const token = await mintInstallationToken(sim, installationId);
    await callSim(sim, "GET", "/installation/repositories", { token });

    const job = sim.queueJob({ repo: "octo-org/app", labels: ["hf-jobs-cpu-basic"], workflowName: "CI" });
    sim.queueJob({ repo: "octo-org/app", labels: ["hf-jobs-cpu-basic"], runId: job.runId, name: "test" });
    const queuedRuns = await callSim(sim, "GET", "/repos/octo-org/app/actions/runs?status=queued&per_page=100", { token });
    expect(queuedRuns.body).toMatchObject({ total_count: 1, workflow_runs: [{ id: job.runId, status: "queued" }] });
    const runJobs = await callSim(sim, "GET", `/repos/octo-org/app/actions/runs/${job.runId}/jobs?filter=latest`, { token });
    expect(runJobs.body).toMatchObject({ total_count: 2 });

    const first = await createSimJitRunner(sim, token, "octo-org/app", "offload-a", ["hf-jobs-cpu-basic"]);
    const second = await createSimJitRunner(sim, token, "octo-org/app", "offload-b", ["hf-jobs-cpu-basic"]);
    await callSim(sim, "GET", "/repos/octo-org/app/actions/runners?name=offload-a", { token });
    await callSim(sim, "GET", `/repos/octo-org/app/actions/runners/${first.id}`, { token });
    const [one, two] = await Promise.all([runRunnerProcess(first.jitConfig), runRunnerProcess(second.jitConfig)]);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(one.output).toContain("√ Connected to GitHub");
    expect(one.output).toContain("Listening for Jobs");
    expect(one.output).toMatch(/Job (build|test) completed with result: Succeeded/);
    expect(one.output).not.toContain(first.jitConfig);

    await sim.waitForAllJobsCompleted(10_000);
    const done = await callSim(sim, "GET", `/repos/octo-org/app/actions/jobs/${job.id}`, { token });
    expect(done.body).toMatchObject({ id: job.id, status: "completed", conclusion: "success" });
    await callSim(sim, "GET", "/repos/octo-org/app/actions/runs?status=completed", { token });
    await callSim(sim, "GET", "/orgs/octo-org/actions/runner-groups", { token });
    await sim.settleDeliveries();
    await callSim(sim, "GET", "/app/hook/deliveries?per_page=100", { token: jwt });
    await callSim(sim, "GET", `/app/hook/deliveries/${sim.deliveries[0]?.id}`, { token: jwt });

    expect(sim.deliveries.filter((delivery) => delivery.ok)).toHaveLength(6);
    expect(sim.runners()).toEqual([]);
    expect(sim.calls.every((call) => call.status < 300)).toBe(true);
    expect(sim.violations).toEqual([]);
  });

  it("exits 1 without printing the config when the JIT config is malformed", async () => {
    const result = await runRunnerProcess("bm90IGpzb24=");
    expect(result.code).toBe(1);
    expect(result.output).toContain("An error occurred");
    expect(result.output).not.toContain("bm90IGpzb24=");
  });

  it("converts a manifest code once into the App's credentials and pings the hook", async () => {
    sim = await startGitHubSim();
    receiver = await startWebhookReceiver();
    const code = sim.createManifestCode(
      {
        name: "My Offload",
        url: "https://example.com",
        hook_attributes: { url: receiver.url },
        default_permissions: { administration: "write", actions: "read", metadata: "read" },
        default_events: ["workflow_job"],
      },
      "csrf-state",
    );
    const converted = await callSim(sim, "POST", `/app-manifests/${code}/conversions`);
    expect(converted.status).toBe(201);
    expect(converted.body).toMatchObject({
      id: sim.app.id,
      slug: "my-offload",
      pem: sim.app.privateKeyPem,
      webhook_secret: sim.app.webhookSecret,
      client_id: sim.app.clientId,
      html_url: "https://github.com/apps/my-offload",
    });
    expect((await callSim(sim, "POST", `/app-manifests/${code}/conversions`)).status).toBe(404);
    await sim.settleDeliveries();
    expect(receiver.received.map((hook) => hook.headers["x-github-event"])).toEqual(["ping"]);
    expect(receiver.received[0]?.body).toMatchObject({ hook: { type: "App", app_id: sim.app.id } });
    expect(sim.violations).toEqual([]);
  });

  it("lists a call to an operation GitHub does not have", async () => {
    sim = await startGitHubSim();
    const reply = await callSim(sim, "GET", "/repos/o/r/actions/runnerz");
    expect(reply.status).toBe(404);
    expect(sim.violations).toEqual(["GET /repos/o/r/actions/runnerz: no such operation in GitHub's OpenAPI description"]);
  });
});
