import { afterEach, describe, expect, it } from "vitest";
import { startGitHubSim, type GitHubSim } from "../../../src/sim/github/start-github-sim.js";
import { runSimulatedRunner } from "../../../src/sim/runner/run-simulated-runner.js";
import { createSimJitRunner, mintInstallationToken, waitUntil } from "../../support/github-sim-client.js";

describe("runSimulatedRunner", () => {
  let sim: GitHubSim | undefined;
  afterEach(async () => {
    await sim?.close();
  });

  it("exits 1 on a config it cannot decode, without echoing it", async () => {
    const lines: string[] = [];
    expect(await runSimulatedRunner({ jitConfig: "c2VjcmV0LXRoaW5n", log: (line) => lines.push(line) })).toBe(1);
    expect(lines.join("\n")).not.toContain("c2VjcmV0LXRoaW5n");
  });

  it("stops listening when aborted and says it is exiting", async () => {
    sim = await startGitHubSim({ validate: false });
    const { installationId } = sim.addInstallation({ account: "o", type: "User", repos: ["r"] });
    const token = await mintInstallationToken(sim, installationId);
    const runner = await createSimJitRunner(sim, token, "o/r", "idle", ["none-queued"]);
    const stop = new AbortController();
    const lines: string[] = [];
    const exit = runSimulatedRunner({ jitConfig: runner.jitConfig, log: (line) => lines.push(line), signal: stop.signal });
    await waitUntil(() => lines.some((line) => line.endsWith("Listening for Jobs")), 5000, "the runner to listen");
    stop.abort();
    expect(await exit).toBe(0);
    expect(lines.at(-1)).toBe("Exiting...");
    await waitUntil(() => sim?.runners()[0]?.status === "offline", 5000, "the runner to go offline");
  });

  it("exits 1 when its registration is deleted while it waits for a job", async () => {
    sim = await startGitHubSim({ validate: false });
    const { installationId } = sim.addInstallation({ account: "o", type: "User", repos: ["r"] });
    const token = await mintInstallationToken(sim, installationId);
    const runner = await createSimJitRunner(sim, token, "o/r", "doomed", ["x"]);
    const lines: string[] = [];
    const exit = runSimulatedRunner({ jitConfig: runner.jitConfig, log: (line) => lines.push(line) });
    await waitUntil(() => sim?.runners()[0]?.status === "online", 5000, "the runner to come online");
    const reply = await fetch(`${sim.url}/repos/o/r/actions/runners/${runner.id}`, { method: "DELETE", headers: { authorization: `token ${token}` } });
    expect(reply.status).toBe(204);
    expect(await exit).toBe(1);
    expect(lines.at(-1)).toContain("deleted");
  });
});
