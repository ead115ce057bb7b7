import { Octokit } from "@octokit/core";
import sodium from "libsodium-wrappers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startGitHubSim, type GitHubSim } from "../../../../src/sim/github/start-github-sim.js";
import { callSim, mintInstallationToken } from "../../../support/github-sim-client.js";

describe("the GitHub simulator's batch half", () => {
  let sim: GitHubSim;
  let octokit: Octokit;
  beforeEach(async () => {
    sim = await startGitHubSim();
    octokit = new Octokit({ baseUrl: sim.url, auth: sim.batch.createUserToken("mona") });
  });
  afterEach(async () => {
    await sim.close();
  });

  it("opens a sealed box made with the repository's public key, and refuses one that is not", async () => {
    await octokit.request("POST /user/repos", { name: "secrets-demo", private: true, auto_init: true });
    const key = await octokit.request("GET /repos/{owner}/{repo}/actions/secrets/public-key", { owner: "mona", repo: "secrets-demo" });
    await sodium.ready;
    const sealed = Buffer.from(sodium.crypto_box_seal(Buffer.from("hunter2"), Buffer.from(key.data.key, "base64"))).toString("base64");
    const put = await octokit.request("PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}", { owner: "mona", repo: "secrets-demo", secret_name: "DB_PASSWORD", encrypted_value: sealed, key_id: key.data.key_id });
    expect(put.status).toBe(201);
    expect(sim.batch.secretValue("mona/secrets-demo", "DB_PASSWORD")).toBe("hunter2");
    const plain = Buffer.from("hunter2").toString("base64");
    await expect(octokit.request("PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}", { owner: "mona", repo: "secrets-demo", secret_name: "OTHER", encrypted_value: plain, key_id: key.data.key_id })).rejects.toMatchObject({ status: 422 });
    expect(sim.violations).toEqual([]);
  });

  it("refuses Git Data writes on an empty repository, as GitHub does", async () => {
    await octokit.request("POST /user/repos", { name: "empty", private: true });
    await expect(octokit.request("POST /repos/{owner}/{repo}/git/blobs", { owner: "mona", repo: "empty", content: "x" })).rejects.toMatchObject({ status: 409 });
  });

  it("runs a pushed workflow only on a label its runner serves, and cancels a queued run", async () => {
    sim.batch.serveLabels(["ubuntu-latest"]);
    await octokit.request("POST /user/repos", { name: "gpu", private: true, auto_init: true });
    const repo = { owner: "mona", repo: "gpu" };
    const head = await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...repo, ref: "heads/main" });
    const workflow = "on: push\njobs:\n  train:\n    runs-on: gpu-a100\n    steps:\n      - run: echo hi\n";
    const tree = await octokit.request("POST /repos/{owner}/{repo}/git/trees", { ...repo, tree: [{ path: ".github/workflows/train.yml", mode: "100644", type: "blob", content: workflow }] });
    const commit = await octokit.request("POST /repos/{owner}/{repo}/git/commits", { ...repo, message: "train", tree: tree.data.sha, parents: [head.data.object.sha] });
    await octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", { ...repo, ref: "heads/main", sha: commit.data.sha });
    const runs = await octokit.request("GET /repos/{owner}/{repo}/actions/runs", repo);
    const run = runs.data.workflow_runs[0];
    expect(run?.status).toBe("queued");
    await octokit.request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel", { ...repo, run_id: Number(run?.id) });
    const after = await octokit.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}", { ...repo, run_id: Number(run?.id) });
    expect([after.data.status, after.data.conclusion]).toEqual(["completed", "cancelled"]);
    expect(sim.violations).toEqual([]);
  });

  it("keeps serving the dispatcher's simulated runs through the routes batch overlays", async () => {
    const { installationId } = sim.addInstallation({ account: "octo-org", type: "Organization", repos: ["api"] });
    const job = sim.queueJob({ repo: "octo-org/api", labels: ["self-hosted", "gpu"] });
    const token = await mintInstallationToken(sim, installationId);
    const jobs = await callSim(sim, "GET", `/repos/octo-org/api/actions/runs/${job.runId}/jobs`, { token });
    expect(jobs.status).toBe(200);
    expect((jobs.body as { jobs: { id: number }[] }).jobs.map((entry) => entry.id)).toEqual([job.id]);
    expect(sim.violations).toEqual([]);
  });
});
