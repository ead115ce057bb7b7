import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/core";
import { afterEach, describe, expect, it } from "vitest";
import { startGitHubSim, type GitHubSim } from "../../../src/sim/github/start-github-sim.js";

describe("GitHub simulator with the official Octokit client", () => {
  let sim: GitHubSim | undefined;
  afterEach(async () => {
    await sim?.close();
  });

  it("serves @octokit/auth-app's JWT and installation-token flow and a JIT runner request", async () => {
    sim = await startGitHubSim();
    const { installationId } = sim.addInstallation({ account: "octo-org", type: "Organization", repos: ["app"] });
    const octokit = new Octokit({
      baseUrl: sim.url,
      authStrategy: createAppAuth,
      auth: { appId: sim.app.id, privateKey: sim.app.privateKeyPem, installationId },
    });
    const created = await octokit.request("POST /repos/{owner}/{repo}/actions/runners/generate-jitconfig", {
      owner: "octo-org",
      repo: "app",
      name: "octokit-runner",
      runner_group_id: 1,
      labels: ["hf-jobs-cpu-basic"],
      work_folder: "_work",
    });
    expect(created.status).toBe(201);
    const listed = await octokit.request("GET /repos/{owner}/{repo}/actions/runners", { owner: "octo-org", repo: "app", per_page: 100 });
    expect(listed.data.runners.map((runner) => runner.name)).toEqual(["octokit-runner"]);
    expect(sim.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      `POST /app/installations/${installationId}/access_tokens`,
      "POST /repos/octo-org/app/actions/runners/generate-jitconfig",
      "GET /repos/octo-org/app/actions/runners",
    ]);
    expect(sim.violations).toEqual([]);
  });
});
