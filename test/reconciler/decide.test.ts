import { describe, expect, it } from "vitest";
import type { ReconcileSnapshot } from "../../src/ledger/records.js";
import { decide, type DecideInput, type ObservedCompute } from "../../src/reconciler/decide.js";
import { T0, compute, planInputs, pool, runner, snapshot } from "../support/reconciler-fixtures.js";

const KEY = pool().key;

/** Decide from a full snapshot, as a pass that looked at the providers does. */
function input(overrides: Partial<Omit<DecideInput, "pools" | "runners">> & { snapshot?: ReconcileSnapshot }): DecideInput {
  const { snapshot: full = snapshot({}), ...rest } = overrides;
  return { pools: planInputs(full), runners: full.runners, inFlight: new Set(), observed: null, now: T0, launchBudget: 100, settleGraceMs: 0, bootTimeoutMs: 600_000, ...rest };
}

function kinds(decisions: ReturnType<typeof decide>): string[] {
  return decisions.map((d) => d.kind);
}

describe("decide", () => {
  it("launches one runner per queued job when the pool has none", () => {
    const decisions = decide(input({ snapshot: snapshot({ queued: { [KEY]: [1, 2, 3] } }) }));
    expect(decisions).toMatchObject([
      { kind: "launch", forJobId: 1 },
      { kind: "launch", forJobId: 2 },
      { kind: "launch", forJobId: 3 },
    ]);
  });

  it("counts planned, registered and launched runners as supply", () => {
    const runners = [runner("a", { state: "planned" }), runner("b", { state: "registered" }), runner("c", { state: "launched" })];
    const decisions = decide(input({ snapshot: snapshot({ queued: { [KEY]: [1, 2, 3, 4] }, runners }), inFlight: new Set(["a", "b"]) }));
    expect(decisions).toMatchObject([{ kind: "launch" }]);
  });

  it("does not count busy runners: a runner that took another job leaves that job's demand open", () => {
    // Runner r was launched for job 1 but GitHub gave it job 2; job 1 still waits and needs a runner.
    const runners = [runner("r", { state: "busy", forJobId: 1, tookJobId: 2 })];
    const decisions = decide(input({ snapshot: snapshot({ queued: { [KEY]: [1] }, runners }) }));
    expect(decisions).toMatchObject([{ kind: "launch", forJobId: 1 }]);
  });

  it("names a new runner after a queued job that no idle runner was launched for", () => {
    const runners = [runner("r", { state: "launched", forJobId: 1 })];
    const decisions = decide(input({ snapshot: snapshot({ queued: { [KEY]: [1, 2] }, runners }) }));
    expect(decisions).toMatchObject([{ kind: "launch", forJobId: 2 }]);
  });

  it("launches no more than the effect budget allows", () => {
    const decisions = decide(input({ snapshot: snapshot({ queued: { [KEY]: [1, 2, 3, 4, 5] } }), launchBudget: 2 }));
    expect(kinds(decisions)).toEqual(["launch", "launch"]);
  });

  it("holds a pool that is backing off and says when it tries next, as a time", () => {
    const backingOff = pool({ failures: 2, retryAt: new Date(T0 + 8000).toISOString(), lastError: "HF Jobs create failed with 500" });
    const decisions = decide(input({ snapshot: snapshot({ pools: [backingOff], queued: { [KEY]: [1] } }) }));
    expect(decisions).toEqual([
      { kind: "hold", pool: backingOff, jobIds: [1], reason: "HF Jobs create failed with 500; next try at 10:00:08 UTC", hold: "backoff", until: backingOff.retryAt },
    ]);
  });

  it("launches again once the backoff has passed", () => {
    const backedOff = pool({ failures: 2, retryAt: new Date(T0 - 1).toISOString() });
    const decisions = decide(input({ snapshot: snapshot({ pools: [backedOff], queued: { [KEY]: [1] } }) }));
    expect(kinds(decisions)).toEqual(["launch"]);
  });

  it("cancels idle runners when their demand is gone, preferring those whose job no longer waits", () => {
    const runners = [
      runner("still-wanted", { forJobId: 1, createdAt: new Date(T0 + 5).toISOString() }),
      runner("stale", { forJobId: 9, createdAt: new Date(T0).toISOString() }),
    ];
    const decisions = decide(input({ snapshot: snapshot({ queued: { [KEY]: [1] }, runners }) }));
    expect(decisions).toMatchObject([{ kind: "cancel", runner: { name: "stale" } }]);
  });

  it("never cancels a busy runner or one whose launch is still under way", () => {
    const runners = [runner("busy", { state: "busy" }), runner("booting", { state: "registered" })];
    const decisions = decide(input({ snapshot: snapshot({ runners }), inFlight: new Set(["booting"]) }));
    expect(decisions).toEqual([]);
  });

  it("keeps retiring a runner left half-cancelled", () => {
    const runners = [runner("r", { state: "cancelling", reason: "no queued job needs it any more" })];
    const decisions = decide(input({ snapshot: snapshot({ runners }) }));
    expect(decisions).toMatchObject([{ kind: "cancel", runner: { name: "r" } }]);
  });

  it("adopts a half-launched runner whose compute exists after a restart", () => {
    const runners = [runner("r", { state: "registered", computeId: null })];
    const observed = new Map([["r", compute("r", "running")]]);
    const decisions = decide(input({ snapshot: snapshot({ queued: { [KEY]: [1] }, runners }), observed }));
    expect(decisions).toMatchObject([{ kind: "adopt", runner: { name: "r" }, computeId: "c-r" }]);
  });

  it("abandons a half-launched runner with no compute and launches a fresh one", () => {
    const runners = [runner("r", { state: "planned", githubRunnerId: null, computeId: null })];
    const decisions = decide(input({ snapshot: snapshot({ queued: { [KEY]: [1] }, runners }), observed: new Map() }));
    expect(kinds(decisions)).toEqual(["abandon", "launch"]);
  });

  it("leaves half-launched runners alone when the pass did not look at the providers", () => {
    const runners = [runner("r", { state: "planned", computeId: null })];
    const decisions = decide(input({ snapshot: snapshot({ queued: { [KEY]: [1] }, runners }), observed: null }));
    expect(decisions).toEqual([]);
  });

  it.each([
    ["busy", "succeeded", "finished", false],
    ["busy", "gone", "finished", false],
    ["launched", "succeeded", "finished", false],
    ["launched", "failed", "failed", true],
    ["launched", "cancelled", "failed", false],
  ] as const)("ends a %s runner whose compute %s as %s (boot failure: %s)", (state, computeState, ended, bootFailure) => {
    const runners = [runner("r", { state })];
    const observed = computeState === "gone" ? new Map<string, ObservedCompute>() : new Map([["r", compute("r", computeState, "exit 1")]]);
    const decisions = decide(input({ snapshot: snapshot({ runners }), observed }));
    expect(decisions).toMatchObject([{ kind: "end", state: ended, bootFailure }]);
  });

  it("ends a busy runner whose compute no longer runs as finished without asking how it ended", () => {
    const runners = [runner("r", { state: "busy", tookJobId: 7 })];
    const decisions = decide(input({ snapshot: snapshot({ runners }), observed: new Map() }));
    expect(decisions).toMatchObject([{ kind: "end", state: "finished", reason: "runner finished: its compute stopped" }]);
  });

  it("judges only runners that existed when the providers were asked, and still stops compute no runner owns", () => {
    // The providers are asked before the ledger is read, so a pass can see runners the listing could
    // not have reported yet; ending them as "compute gone" would kill a healthy launch.
    const asked = T0 - 1_000;
    const runners = [
      runner("old", { state: "launched", launchedAt: new Date(asked - 60_000).toISOString() }),
      runner("new", { state: "launched", launchedAt: new Date(asked + 500).toISOString() }),
      runner("new-plan", { state: "planned", computeId: null, launchedAt: null, createdAt: new Date(asked + 500).toISOString() }),
    ];
    const observed = new Map([["stray", compute("stray", "running")]]);
    const decisions = decide(input({ snapshot: snapshot({ queued: { [KEY]: [1, 2] }, runners }), observed, observedAt: asked }));
    expect(decisions).toMatchObject([
      { kind: "orphan", runnerName: "stray" },
      { kind: "end", runner: { name: "old" }, reason: "runner ended before taking a job: its compute is gone" },
    ]);
  });

  it("replaces a runner that died at boot while its job still waits", () => {
    const runners = [runner("r", { state: "launched", forJobId: 1 })];
    const observed = new Map([["r", compute("r", "failed", "image pull failed")]]);
    const decisions = decide(input({ snapshot: snapshot({ queued: { [KEY]: [1] }, runners }), observed }));
    expect(decisions).toMatchObject([
      { kind: "end", state: "failed", reason: "runner ended before taking a job: compute failed (image pull failed)" },
      { kind: "launch", forJobId: 1 },
    ]);
  });

  it("keeps counting a runner that exited cleanly as supply until its job's webhook had time to arrive", () => {
    // Regression: under load the in_progress webhook came after HF reported the exit; settling at
    // once launched a runner for a job that was already running, then retired it as surplus.
    const runners = [runner("r", { state: "launched", forJobId: 1 })];
    const exited = { ...compute("r", "succeeded"), finishedAt: new Date(T0 - 5_000).toISOString() };
    const observed = new Map([["r", exited]]);
    const waitingForWebhook = decide(input({ snapshot: snapshot({ queued: { [KEY]: [1] }, runners }), observed, settleGraceMs: 60_000 }));
    expect(waitingForWebhook).toEqual([]);
    const graceOver = decide(input({ snapshot: snapshot({ queued: { [KEY]: [1] }, runners }), observed, settleGraceMs: 1_000 }));
    expect(kinds(graceOver)).toEqual(["end", "launch"]);
  });

  it("replaces a runner that has not taken a job long after launch while jobs wait, as a failed launch", () => {
    const launchedAt = new Date(T0 - 601_000).toISOString();
    const runners = [runner("ghost", { state: "launched", forJobId: 1, launchedAt })];
    const observed = new Map([["ghost", compute("ghost", "running")]]);
    const decisions = decide(input({ snapshot: snapshot({ queued: { [KEY]: [1] }, runners }), observed }));
    expect(decisions).toMatchObject([
      { kind: "cancel", runner: { name: "ghost" }, bootFailure: true, reason: "did not take a job within 600 s of launch (boot timeout)" },
      { kind: "launch", forJobId: 1 },
    ]);
  });

  it("leaves a runner alone that is still within its boot time", () => {
    const runners = [runner("booting", { state: "launched", forJobId: 1, launchedAt: new Date(T0 - 30_000).toISOString() })];
    const observed = new Map([["booting", compute("booting", "starting")]]);
    expect(decide(input({ snapshot: snapshot({ queued: { [KEY]: [1] }, runners }), observed }))).toEqual([]);
  });

  it("gives a flavor with its own boot timeout (slow images) longer before replacing its runner", () => {
    const launchedAt = new Date(T0 - 601_000).toISOString();
    const runners = [runner("slow-pull", { state: "launched", forJobId: 1, launchedAt })];
    const observed = new Map([["slow-pull", compute("slow-pull", "starting")]]);
    const patient = decide(input({ snapshot: snapshot({ queued: { [KEY]: [1] }, runners }), observed, bootTimeoutByPool: new Map([[KEY, 1_200_000]]) }));
    expect(patient).toEqual([]);
  });

  it("says a pool is stuck after repeated failed launches instead of launching in a loop", () => {
    const stuck = pool({ failures: 5, retryAt: new Date(T0 + 30 * 60_000).toISOString(), lastError: "runner ended before taking a job: compute failed (image pull failed)" });
    const decisions = decide(input({ snapshot: snapshot({ pools: [stuck], queued: { [KEY]: [1] } }) }));
    expect(decisions).toMatchObject([
      { kind: "hold", reason: "stuck after 5 failed launches (last: runner ended before taking a job: compute failed (image pull failed)); next try at 10:30:00 UTC; `offload retry` tries now", hold: "stuck" },
    ]);
  });

  it("stops our compute that no active runner owns, and nobody else's", () => {
    // Only compute tagged with our dispatcher id is ever listed, so every entry here is ours.
    const runners = [runner("alive", { state: "busy" })];
    const observed = new Map([
      ["alive", compute("alive", "running")],
      ["ended-long-ago", compute("ended-long-ago", "running")],
      ["launching", compute("launching", "starting")],
      ["done", compute("done", "succeeded")],
    ]);
    const decisions = decide(input({ snapshot: snapshot({ runners }), observed, inFlight: new Set(["launching"]) }));
    expect(decisions).toEqual([{ kind: "orphan", provider: "hf-jobs", computeId: "c-ended-long-ago", runnerName: "ended-long-ago" }]);
  });

  it("keeps pools apart: demand in one pool never launches runners for another", () => {
    const gpu = pool();
    const cpu = pool({ key: "repo:acme/app|g1|hf-jobs-cpu-basic", labels: ["hf-jobs-cpu-basic"], flavor: "cpu-basic" });
    const runners = [runner("cpu-idle", { poolKey: cpu.key })];
    const decisions = decide(input({ snapshot: snapshot({ pools: [gpu, cpu], queued: { [gpu.key]: [1] }, runners }) }));
    expect(decisions).toMatchObject([
      { kind: "launch", pool: { key: gpu.key } },
      { kind: "cancel", runner: { name: "cpu-idle" } },
    ]);
  });
});
