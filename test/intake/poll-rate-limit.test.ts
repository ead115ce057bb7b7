import { afterEach, describe, expect, it } from "vitest";
import { pollQueuedJobs, createPollState } from "../../src/intake/poll-queued-jobs.js";
import { startGitHubSim, type GitHubSim } from "../../src/sim/github/start-github-sim.js";
import { captureLogger, loadTestConfig, openTempLedger } from "../support/intake-fixtures.js";
import { createMissedWorkDeps, createSimGitHubClient } from "../support/missed-work-harness.js";

let sim: GitHubSim | null = null;
let closeLedger: (() => Promise<void>) | null = null;

afterEach(async () => {
  await sim?.close();
  await closeLedger?.();
  sim = null;
  closeLedger = null;
});

/** Installation calls (the bucket the reserve protects); token mints and App calls are the App's. */
const installationCalls = (github: GitHubSim): number =>
  github.calls.filter((call) => call.path.startsWith("/repos/") || call.path.startsWith("/installation/")).length;

describe("polling within the rate limit", () => {
  it("stops calling GitHub once an installation is down to the reserve, and says so once per round", async () => {
    sim = await startGitHubSim();
    const { installationId } = sim.addInstallation({ account: "acme", type: "Organization", repos: ["app", "lib"] });
    sim.queueJob({ repo: "acme/app", labels: ["hf-jobs-t4-small"] });
    const opened = await openTempLedger();
    closeLedger = opened.close;
    const { log, lines } = captureLogger();
    // 5,000 an hour in the simulator: a reserve of 4,980 leaves a few rounds' worth.
    const reserve = 4980;
    const deps = createMissedWorkDeps({ github: createSimGitHubClient(sim), ledger: opened.ledger, config: loadTestConfig(), log, reserve });
    const state = createPollState();
    const settings = { roundIntervalMs: 30_000, quietIntervalMs: 0, cacheTtlMs: 300_000 };

    const callsPerRound: number[] = [];
    for (let round = 0; round < 12 && callsPerRound.at(-1) !== 0; round++) {
      const before = installationCalls(sim);
      await pollQueuedJobs(deps, state, settings);
      callsPerRound.push(installationCalls(sim) - before);
    }
    expect(callsPerRound.at(-1)).toBe(0);
    expect(callsPerRound.length).toBeGreaterThan(2);
    expect(deps.budget.snapshots().get(installationId)?.remaining).toBe(reserve);

    const skipLines = (): number => lines.filter((line) => line.includes("poll round skipped repositories")).length;
    const skipsBefore = skipLines();
    const before = installationCalls(sim);
    const report = await pollQueuedJobs(deps, state, settings);
    expect(installationCalls(sim)).toBe(before);
    expect(report.polled).toBe(0);
    expect(report.skipped.map((s) => s.repo).sort()).toEqual(["acme/app", "acme/lib"]);
    expect(report.skipped[0]?.reason).toMatch(/^rate limit: 4980 requests left, 4980 kept for launches until /);
    expect(skipLines()).toBe(skipsBefore + 1);
    expect(await opened.ledger.listJobs({ status: "queued" })).toHaveLength(1);
    expect(sim.violations).toEqual([]);
  });
});
