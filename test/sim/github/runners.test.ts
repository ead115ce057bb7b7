import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startGitHubSim, type GitHubSim } from "../../../src/sim/github/start-github-sim.js";
import { callSim, mintInstallationToken } from "../../support/github-sim-client.js";

describe("GitHub simulator runner endpoints", () => {
  let sim: GitHubSim;
  let token: string;
  beforeEach(async () => {
    sim = await startGitHubSim();
    const { installationId } = sim.addInstallation({ account: "octo-org", type: "Organization", repos: ["app"] });
    token = await mintInstallationToken(sim, installationId);
  });
  afterEach(async () => {
    await sim.close();
  });

  const jit = (body: unknown, path = "/repos/octo-org/app/actions/runners/generate-jitconfig") => callSim(sim, "POST", path, { token, body });

  it("creates an offline JIT runner with exactly the labels sent and a decodable config", async () => {
    const reply = await jit({ name: "offload-1", runner_group_id: 1, labels: ["hf-jobs-cpu-basic", "self-hosted"], work_folder: "_work" });
    expect(reply.status).toBe(201);
    const body = reply.body as { runner: Record<string, unknown>; encoded_jit_config: string };
    expect(body.runner).toMatchObject({
      name: "offload-1",
      os: "unknown",
      status: "offline",
      busy: false,
      labels: [
        { name: "hf-jobs-cpu-basic", type: "custom" },
        { name: "self-hosted", type: "custom" },
      ],
    });
    const files = JSON.parse(Buffer.from(body.encoded_jit_config, "base64").toString()) as Record<string, string>;
    expect(Object.keys(files).sort()).toEqual([".credentials", ".credentials_rsaparams", ".runner"]);
    const runnerFile = JSON.parse(Buffer.from(files[".runner"] ?? "", "base64").toString()) as Record<string, unknown>;
    expect(runnerFile).toMatchObject({ agentId: body.runner["id"], agentName: "offload-1", serverUrl: `${sim.url}/_sim/runner`, ephemeral: true });
    expect(sim.runners()).toMatchObject([{ name: "offload-1", status: "offline", scope: "repo:octo-org/app" }]);
    expect(sim.violations).toEqual([]);
  });

  it("answers 409 for a name that exists in any letter case", async () => {
    expect((await jit({ name: "Runner-A", runner_group_id: 1, labels: ["x"] })).status).toBe(201);
    const again = await jit({ name: "runner-a", runner_group_id: 1, labels: ["x"] });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ message: "Already exists - A runner with the name runner-a already exists." });
    expect(sim.violations).toEqual([]);
  });

  it("answers 422 for empty labels and lists the request as a violation", async () => {
    const reply = await jit({ name: "r", runner_group_id: 1, labels: [] });
    expect(reply.status).toBe(422);
    expect(sim.violations).toEqual([
      "POST /repos/octo-org/app/actions/runners/generate-jitconfig: body/labels must NOT have fewer than 1 items",
    ]);
  });

  it("lists a generate-jitconfig request without runner_group_id as a violation", async () => {
    const reply = await jit({ name: "r", labels: ["x"] });
    expect(reply.status).toBe(422);
    expect(sim.violations).toEqual([
      "POST /repos/octo-org/app/actions/runners/generate-jitconfig: body must have required property 'runner_group_id'",
    ]);
  });

  it("answers 403 with the permission header when the installation lacks administration", async () => {
    const { installationId } = sim.addInstallation({ account: "weak", type: "User", repos: ["repo"], permissions: { actions: "read", metadata: "read" } });
    const weakToken = await mintInstallationToken(sim, installationId);
    const reply = await callSim(sim, "POST", "/repos/weak/repo/actions/runners/generate-jitconfig", { token: weakToken, body: { name: "r", runner_group_id: 1, labels: ["x"] } });
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ message: "Resource not accessible by integration" });
    expect(reply.headers.get("x-accepted-github-permissions")).toBe("administration=write");
    expect(sim.violations).toEqual([]);
  });

  it("answers 404 for a repository the token does not cover", async () => {
    sim.addInstallation({ account: "elsewhere", type: "User", repos: ["other"] });
    expect((await jit({ name: "r", runner_group_id: 1, labels: ["x"] }, "/repos/elsewhere/other/actions/runners/generate-jitconfig")).status).toBe(404);
    expect((await jit({ name: "r", runner_group_id: 1, labels: ["x"] }, "/repos/octo-org/missing/actions/runners/generate-jitconfig")).status).toBe(404);
  });

  it("registers organisation runners and lists the Default runner group", async () => {
    const reply = await jit({ name: "org-runner", runner_group_id: 1, labels: ["gpu"] }, "/orgs/octo-org/actions/runners/generate-jitconfig");
    expect(reply.status).toBe(201);
    expect(sim.runners()).toMatchObject([{ name: "org-runner", scope: "org:octo-org" }]);
    const groups = await callSim(sim, "GET", "/orgs/octo-org/actions/runner-groups", { token });
    expect(groups.body).toMatchObject({ total_count: 1, runner_groups: [{ id: 1, name: "Default", default: true }] });
    expect((await callSim(sim, "GET", "/repos/octo-org/app/actions/runners", { token })).body).toMatchObject({ total_count: 0 });
    expect(sim.violations).toEqual([]);
  });

  it("gets, deletes and then 404s a runner", async () => {
    const created = (await jit({ name: "gone-soon", runner_group_id: 1, labels: ["x"] })).body as { runner: { id: number } };
    const path = `/repos/octo-org/app/actions/runners/${created.runner.id}`;
    expect((await callSim(sim, "GET", path, { token })).body).toMatchObject({ id: created.runner.id, name: "gone-soon" });
    expect((await callSim(sim, "DELETE", path, { token })).status).toBe(204);
    expect((await callSim(sim, "DELETE", path, { token })).status).toBe(404);
    expect((await callSim(sim, "GET", path, { token })).status).toBe(404);
    expect(sim.runners()).toEqual([]);
    expect(sim.violations).toEqual([]);
  });

  it("pages runner lists with a Link header and filters by name", async () => {
    for (let index = 0; index < 120; index += 1) await jit({ name: `runner-${index}`, runner_group_id: 1, labels: ["x"] });
    const first = await callSim(sim, "GET", "/repos/octo-org/app/actions/runners?per_page=100", { token });
    expect(first.body).toMatchObject({ total_count: 120 });
    expect((first.body as { runners: unknown[] }).runners).toHaveLength(100);
    const link = first.headers.get("link") ?? "";
    expect(link).toContain('rel="next"');
    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1] ?? "";
    const second = await callSim(sim, "GET", next.slice(sim.url.length), { token });
    expect((second.body as { runners: { name: string }[] }).runners.map((runner) => runner.name)).toHaveLength(20);
    expect(second.headers.get("link")).toContain('rel="prev"');
    const named = await callSim(sim, "GET", "/repos/octo-org/app/actions/runners?name=RUNNER-7", { token });
    expect(named.body).toMatchObject({ total_count: 1, runners: [{ name: "runner-7" }] });
    expect(sim.violations).toEqual([]);
  });

  it("answers planned failures and records every call", async () => {
    sim.faults.failNext({ method: "POST", path: /generate-jitconfig$/ }, 429);
    const limited = await jit({ name: "r", runner_group_id: 1, labels: ["x"] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    sim.faults.failNext({ method: "POST", path: /generate-jitconfig$/, afterEffect: true }, 502);
    expect((await jit({ name: "r", runner_group_id: 1, labels: ["x"] })).status).toBe(502);
    expect((await jit({ name: "r", runner_group_id: 1, labels: ["x"] })).status).toBe(409);
    expect(sim.calls.map((call) => call.status)).toEqual([201, 429, 502, 409]);
    expect(sim.violations).toEqual([]);
  });
});
