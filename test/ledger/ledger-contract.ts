import { afterEach, describe, expect, it } from "vitest";
import { isOffloadError } from "../../src/errors/offload-error.js";
import type { Ledger } from "../../src/ledger/ledger.js";
import { TERMINAL_RUNNER_STATES, type RunnerState } from "../../src/domain/runner-states.js";
import type { JobStatus } from "../../src/intake/job-fact.js";
import { at, BIG_JOB_ID, makeDelivery, makeFact, makePool, poolRouting } from "../support/ledger-fixtures.js";

/** How a contract run gets its database. */
export interface LedgerHarness {
  /** A ledger over a new, empty database. */
  open(): Promise<Ledger>;
  /** The database of the last `open()`, opened again as after a restart. */
  reopen(): Promise<Ledger>;
}

const POOL = makePool();

/** The behaviour every Ledger implementation shares, run once per dialect. */
export function describeLedgerContract(harness: LedgerHarness): void {
  const opened: Ledger[] = [];
  const open = async (): Promise<Ledger> => track(await harness.open());
  const reopen = async (): Promise<Ledger> => track(await harness.reopen());
  const track = (ledger: Ledger): Ledger => (opened.push(ledger), ledger);
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((l) => l.close()));
  });

  async function recordStatuses(ledger: Ledger, statuses: readonly JobStatus[]): Promise<void> {
    for (const [i, status] of statuses.entries()) {
      const running = status === "in_progress" || status === "completed";
      await ledger.recordJobFact({
        delivery: makeDelivery(`guid-${i}`, { action: status }),
        fact: makeFact({
          status,
          runnerName: running ? "offload-runner-1" : null,
          runnerId: running ? 42 : null,
          conclusion: status === "completed" ? "success" : null,
        }),
        routing: poolRouting(POOL),
        now: at(i + 1),
      });
    }
  }

  describe("recordJobFact", () => {
    it("stores a new queued job with its pool, its first event and a reason a person reads", async () => {
      const ledger = await open();
      const outcome = await ledger.recordJobFact({ delivery: makeDelivery("d1"), fact: makeFact(), routing: poolRouting(POOL), now: at(1) });
      expect(outcome).toMatchObject({ duplicate: false, changed: true });
      expect(outcome.job).toMatchObject({ jobId: BIG_JOB_ID, status: "queued", poolKey: POOL.key, routing: "pool", flavor: "t4-small", reason: "waiting for a runner", firstSeenAt: at(1) });
      expect(await ledger.getJob(BIG_JOB_ID)).toEqual(outcome.job);
      expect(await ledger.jobEvents(BIG_JOB_ID)).toEqual([{ jobId: BIG_JOB_ID, at: at(1), kind: "queued", detail: "d1" }]);
      expect(await ledger.listPools()).toEqual([{ ...POOL, failures: 0, retryAt: null, lastError: null }]);
      expect(await ledger.listDeliveries(10)).toEqual([makeDelivery("d1")]);
    });

    it("writes nothing for a delivery guid it has seen before", async () => {
      const ledger = await open();
      await ledger.recordJobFact({ delivery: makeDelivery("d1"), fact: makeFact(), routing: poolRouting(POOL), now: at(1) });
      const again = await ledger.recordJobFact({ delivery: makeDelivery("d1"), fact: makeFact({ status: "in_progress", runnerName: "r" }), routing: poolRouting(POOL), now: at(2) });
      expect(again).toMatchObject({ duplicate: true, changed: false, job: { status: "queued" } });
      expect(await ledger.jobEvents(BIG_JOB_ID)).toHaveLength(1);
      expect(await ledger.listDeliveries(10)).toHaveLength(1);
    });

    it.each<{ statuses: JobStatus[]; status: JobStatus; kinds: string[]; stale: number }>([
      { statuses: ["queued", "in_progress", "completed"], status: "completed", kinds: ["queued", "in_progress", "completed"], stale: 0 },
      { statuses: ["completed", "in_progress"], status: "completed", kinds: ["completed", "in_progress"], stale: 1 },
      { statuses: ["in_progress", "queued"], status: "in_progress", kinds: ["in_progress", "queued"], stale: 1 },
      { statuses: ["queued", "completed", "queued", "waiting"], status: "completed", kinds: ["queued", "completed", "queued", "waiting"], stale: 2 },
      { statuses: ["queued", "waiting"], status: "waiting", kinds: ["queued", "waiting"], stale: 0 },
      { statuses: ["queued", "waiting", "queued"], status: "queued", kinds: ["queued", "waiting", "queued"], stale: 0 },
    ])("never moves a job back: $statuses ends $status", async ({ statuses, status, kinds, stale }) => {
      const ledger = await open();
      await recordStatuses(ledger, statuses);
      expect((await ledger.getJob(BIG_JOB_ID))?.status).toBe(status);
      const events = await ledger.jobEvents(BIG_JOB_ID);
      expect(events.map((e) => e.kind)).toEqual(kinds);
      expect(events.filter((e) => e.detail.startsWith(`stale: already ${status}`))).toHaveLength(stale);
    });

    it("reports a late fact as unchanged and leaves the job as it was", async () => {
      const ledger = await open();
      await recordStatuses(ledger, ["in_progress"]);
      const before = await ledger.getJob(BIG_JOB_ID);
      const late = await ledger.recordJobFact({ delivery: makeDelivery("late"), fact: makeFact(), routing: poolRouting(POOL), now: at(9) });
      expect(late).toMatchObject({ duplicate: false, changed: false });
      expect(late.job).toEqual(before);
    });

    it("keeps the reasons, runner, conclusion and times a job went through", async () => {
      const ledger = await open();
      await recordStatuses(ledger, ["queued", "in_progress"]);
      expect(await ledger.getJob(BIG_JOB_ID)).toMatchObject({ reason: "running on offload-runner-1", runnerName: "offload-runner-1", runnerId: 42, startedAt: at(2), completedAt: null });
      const completed = makeFact({ status: "completed", conclusion: "success", runnerName: "offload-runner-1", runnerId: 42 });
      await ledger.recordJobFact({ delivery: makeDelivery("done"), fact: completed, routing: poolRouting(POOL), now: at(3) });
      const done = await ledger.getJob(BIG_JOB_ID);
      expect(done).toMatchObject({ status: "completed", conclusion: "success", reason: "completed: success", startedAt: at(2), completedAt: at(3), firstSeenAt: at(1) });
    });

    it("takes a later run attempt and ignores facts of an earlier one", async () => {
      const ledger = await open();
      await recordStatuses(ledger, ["queued", "in_progress", "completed"]);
      const rerun = await ledger.recordJobFact({ delivery: makeDelivery("a2"), fact: makeFact({ runAttempt: 2 }), routing: poolRouting(POOL), now: at(10) });
      expect(rerun).toMatchObject({ changed: true, job: { runAttempt: 2, status: "queued", conclusion: null, runnerName: null, startedAt: null, completedAt: null, firstSeenAt: at(1) } });
      const old = await ledger.recordJobFact({
        delivery: makeDelivery("a1-again"),
        fact: makeFact({ runAttempt: 1, status: "completed", conclusion: "failure", runnerName: "x" }),
        routing: poolRouting(POOL),
        now: at(11),
      });
      expect(old).toMatchObject({ changed: false, job: { runAttempt: 2, status: "queued" } });
      expect((await ledger.jobEvents(BIG_JOB_ID)).at(-1)?.detail).toMatch(/^stale: attempt 1 is older than attempt 2/);
    });

    it.each([
      { routing: { kind: "ignored" as const, reason: "no offload label" }, reason: "no offload label" },
      { routing: { kind: "refused" as const, code: "OFFLOAD_LABEL_UNKNOWN_FLAVOR", reason: "no runner: labels [hf-jobs-h999] match no flavor" }, reason: "no runner: labels [hf-jobs-h999] match no flavor" },
    ])("explains a $routing.kind job with the routing's reason and keeps it out of demand", async ({ routing, reason }) => {
      const ledger = await open();
      const { job } = await ledger.recordJobFact({ delivery: null, fact: makeFact(), routing, now: at(1) });
      expect(job).toMatchObject({ routing: routing.kind, poolKey: null, flavor: null, reason });
      expect((await ledger.snapshot()).queued.size).toBe(0);
      expect(await ledger.listPools()).toEqual([]);
      expect((await ledger.jobEvents(BIG_JOB_ID))[0]?.detail).toBe("no delivery");
    });

    it("reads an empty runner name and a zero runner id as no runner", async () => {
      const ledger = await open();
      await ledger.recordJobFact({ delivery: null, fact: makeFact({ status: "completed", conclusion: "cancelled", runnerName: "", runnerId: 0 }), routing: poolRouting(POOL), now: at(1) });
      expect(await ledger.getJob(BIG_JOB_ID)).toMatchObject({ runnerName: null, runnerId: null, reason: "completed: cancelled" });
    });

    it("keeps the reason a decision wrote when a repeated fact moves nothing", async () => {
      const ledger = await open();
      await ledger.recordJobFact({ delivery: makeDelivery("q1"), fact: makeFact(), routing: poolRouting(POOL), now: at(1) });
      await ledger.noteJob(BIG_JOB_ID, "decision", "no runner yet: pool backing off until 00:05", at(2));
      const repeat = await ledger.recordJobFact({ delivery: makeDelivery("poll:1:queued"), fact: makeFact(), routing: poolRouting(POOL), now: at(3) });
      expect(repeat).toMatchObject({ changed: false, job: { reason: "no runner yet: pool backing off until 00:05" } });
    });

    it("makes our runner busy, matching its name without case, when a job starts on it", async () => {
      const ledger = await open();
      await ledger.claimRunners([{ name: "Offload-Runner-1", poolKey: POOL.key, provider: "hf-jobs", forJobId: 1 }], at(0));
      await ledger.markRunnerLaunched("Offload-Runner-1", "hf-1", at(1));
      const outcome = await ledger.recordJobFact({ delivery: null, fact: makeFact({ status: "in_progress", runnerName: "offload-runner-1", runnerId: 7 }), routing: poolRouting(POOL), now: at(2) });
      expect(outcome.changed).toBe(true);
      expect(await ledger.getRunner("Offload-Runner-1")).toMatchObject({ state: "busy", tookJobId: BIG_JOB_ID, forJobId: 1, busyAt: at(2) });
    });

    it("leaves an ended runner ended when a late start names it", async () => {
      const ledger = await open();
      await ledger.claimRunners([{ name: "offload-runner-1", poolKey: POOL.key, provider: "hf-jobs", forJobId: null }], at(0));
      await ledger.markRunnerEnded("offload-runner-1", "failed", "compute ended before taking a job", at(1));
      await recordStatuses(ledger, ["in_progress"]);
      expect(await ledger.getRunner("offload-runner-1")).toMatchObject({ state: "failed", tookJobId: null });
    });

    it("keeps the failure count of a pool when a new fact refreshes its spec", async () => {
      const ledger = await open();
      await ledger.recordJobFact({ delivery: null, fact: makeFact(), routing: poolRouting(POOL), now: at(1) });
      await ledger.recordPoolFailure(POOL.key, "HF Jobs said 503", at(60), at(2));
      const newer = makePool({ image: "ghcr.io/example/runner:gpu-2" });
      await ledger.recordJobFact({ delivery: null, fact: makeFact({ jobId: BIG_JOB_ID + 1 }), routing: poolRouting(newer), now: at(3) });
      expect(await ledger.listPools()).toEqual([{ ...newer, failures: 1, retryAt: at(60), lastError: "HF Jobs said 503" }]);
    });

    it("claims what the plan decides from the pool's facts read when the claim commits", async () => {
      // Regression: the reconciler decided from a snapshot that webhooks had overtaken; a job went
      // in_progress and completed before the claim, and still got a runner it no longer needed.
      const ledger = await open();
      for (const jobId of [1, 2, 3]) {
        await ledger.recordJobFact({ delivery: null, fact: makeFact({ jobId }), routing: poolRouting(POOL), now: at(1) });
      }
      await ledger.claimRunners([{ name: "idle", poolKey: POOL.key, provider: "hf-jobs", forJobId: 1 }], at(2));
      await ledger.recordJobFact({ delivery: null, fact: makeFact({ jobId: 2, status: "in_progress", runnerName: "someone-else" }), routing: poolRouting(POOL), now: at(3) });
      const seen: unknown[] = [];
      const claimed = await ledger.claimPlanned({
        poolKeys: [POOL.key],
        now: at(4),
        plan: (facts) => {
          seen.push(...facts.map((f) => [f.pool.key, f.queued, f.supply, f.unserved]));
          return facts.flatMap((f) => f.unserved.map((jobId) => ({ name: `for-${jobId}`, pool: f.pool, forJobId: jobId })));
        },
      });
      expect(seen).toEqual([[POOL.key, 2, 1, [3]]]);
      expect(claimed.map((c) => c.name)).toEqual(["for-3"]);
      expect((await ledger.snapshot()).runners.map((r) => r.name).sort()).toEqual(["for-3", "idle"]);
    });

    it("cancels a runner only while the check, given the pool's facts under its lock, still says surplus", async () => {
      // Regression: a cancel decided from a stale snapshot retired a runner a newly queued job needed.
      const ledger = await open();
      await ledger.claimRunners([{ name: "spare", poolKey: POOL.key, provider: "hf-jobs", forJobId: null }], at(1));
      await ledger.recordJobFact({ delivery: null, fact: makeFact({ jobId: 7 }), routing: poolRouting(POOL), now: at(2) });
      const stillSurplus = (facts: { supply: number; queued: number }): boolean => facts.supply > facts.queued;
      expect(await ledger.markRunnerCancelling("spare", "surplus", at(3), { stillSurplus })).toBe(false);
      expect((await ledger.getRunner("spare"))?.state).toBe("planned");
      await ledger.recordJobFact({ delivery: null, fact: makeFact({ jobId: 7, status: "completed", conclusion: "cancelled" }), routing: poolRouting(POOL), now: at(4) });
      expect(await ledger.markRunnerCancelling("spare", "surplus", at(5), { stillSurplus })).toBe(true);
      expect((await ledger.getRunner("spare"))?.state).toBe("cancelling");
    });

    it("counts each pool's queued jobs, supply and busy runners in one place, with the unserved jobs and the surplus runners", async () => {
      const ledger = await open();
      const deficit = makePool({ key: "deficit", flavor: "t4-small" });
      const balanced = makePool({ key: "balanced" });
      const surplus = makePool({ key: "surplus" });
      const quiet = makePool({ key: "quiet" });
      for (const [jobId, pool] of [[1, deficit], [2, deficit], [3, deficit], [4, balanced], [5, surplus], [6, quiet]] as const) {
        await ledger.recordJobFact({ delivery: null, fact: makeFact({ jobId, createdAt: at(jobId) }), routing: poolRouting(pool), now: at(jobId) });
      }
      await ledger.recordJobFact({ delivery: null, fact: makeFact({ jobId: 6, status: "completed", conclusion: "success", createdAt: at(6) }), routing: poolRouting(quiet), now: at(7) });
      await ledger.claimRunners(
        [
          { name: "d1", poolKey: "deficit", provider: "hf-jobs", forJobId: 2 },
          { name: "b1", poolKey: "balanced", provider: "hf-jobs", forJobId: 4 },
          { name: "s1", poolKey: "surplus", provider: "hf-jobs", forJobId: 5 },
          { name: "s2", poolKey: "surplus", provider: "hf-jobs", forJobId: 9 },
        ],
        at(8),
      );
      await ledger.markRunnerBusy("b1", 4, at(9));
      const facts = await ledger.poolFacts();
      expect(facts.map((f) => [f.pool.key, f.queued, f.supply, f.busy, f.unserved, f.idle.map((r) => r.name), f.queuedJobIds])).toEqual([
        ["balanced", 1, 0, 1, [4], [], []],
        ["deficit", 3, 1, 0, [1, 3], [], []],
        ["surplus", 1, 2, 0, [], ["s1", "s2"], [5]],
      ]);
      expect((await ledger.poolFacts({ alsoKeys: ["quiet"] })).map((f) => f.pool.key)).toContain("quiet");
    });

    it("stores ids above 2^31 exactly", async () => {
      const ledger = await open();
      const ids = { jobId: 2 ** 52 + 1, runId: 2 ** 40 + 3, installationId: 2 ** 33 + 5, runnerId: 2 ** 35 + 7 };
      await ledger.recordJobFact({ delivery: makeDelivery("big", { jobId: ids.jobId }), fact: makeFact({ ...ids, status: "in_progress", runnerName: "r" }), routing: poolRouting(POOL), now: at(1) });
      expect(await ledger.getJob(ids.jobId)).toMatchObject(ids);
      expect((await ledger.listDeliveries(1))[0]?.jobId).toBe(ids.jobId);
      await ledger.claimRunners([{ name: "r2", poolKey: POOL.key, provider: "hf-jobs", forJobId: ids.jobId }], at(2));
      await ledger.markRunnerRegistered("r2", 2 ** 34 + 9, at(3));
      expect(await ledger.getRunner("r2")).toMatchObject({ forJobId: ids.jobId, githubRunnerId: 2 ** 34 + 9 });
    });

    it("stores every one of 200 facts recorded at once", async () => {
      const ledger = await open();
      const facts = Array.from({ length: 200 }, (_, i) => makeFact({ jobId: BIG_JOB_ID + i, createdAt: at(i) }));
      const outcomes = await Promise.all(facts.map((fact, i) => ledger.recordJobFact({ delivery: makeDelivery(`c${i}`, { jobId: fact.jobId }), fact, routing: poolRouting(POOL), now: at(i) })));
      expect(outcomes.every((o) => o.changed && !o.duplicate)).toBe(true);
      const queued = (await ledger.snapshot()).queued.get(POOL.key) ?? [];
      expect(queued.map((q) => q.jobId)).toEqual(facts.map((f) => f.jobId));
      expect(await ledger.listDeliveries(1000)).toHaveLength(200);
    });

    it("records each of many concurrent facts about one job once, ending at the highest status", async () => {
      const ledger = await open();
      const statuses: JobStatus[] = ["completed", "queued", "in_progress", "waiting", "queued"];
      await Promise.all(
        statuses.map((status, i) =>
          ledger.recordJobFact({ delivery: makeDelivery(`same-${i}`), fact: makeFact({ status, runnerName: status === "queued" || status === "waiting" ? null : "r1" }), routing: poolRouting(POOL), now: at(i) }),
        ),
      );
      expect((await ledger.getJob(BIG_JOB_ID))?.status).toBe("completed");
      expect(await ledger.jobEvents(BIG_JOB_ID)).toHaveLength(statuses.length);
    });
  });

  describe("recordDelivery", () => {
    it("says whether a delivery without a job was seen before and lists the newest first", async () => {
      const ledger = await open();
      expect(await ledger.recordDelivery(makeDelivery("p1", { event: "ping", action: null, jobId: null, receivedAt: at(1) }))).toEqual({ duplicate: false });
      expect(await ledger.recordDelivery(makeDelivery("p1", { event: "ping", action: null, jobId: null, receivedAt: at(1) }))).toEqual({ duplicate: true });
      await ledger.recordDelivery(makeDelivery("p2", { result: "rejected", reason: "bad signature", receivedAt: at(2) }));
      expect((await ledger.listDeliveries(10)).map((d) => d.guid)).toEqual(["p2", "p1"]);
      expect(await ledger.listDeliveries(1)).toHaveLength(1);
    });

    it("tells which delivery guids it has recorded, whether they carried a job or not", async () => {
      const ledger = await open();
      await ledger.recordDelivery(makeDelivery("ping-1", { event: "ping", action: null, jobId: null }));
      await ledger.recordJobFact({ delivery: makeDelivery("job-1"), fact: makeFact(), routing: poolRouting(POOL), now: at(1) });
      const many = Array.from({ length: 1200 }, (_, i) => `unknown-${i}`);
      expect(await ledger.findKnownDeliveries(["job-1", "ping-1", "job-1", ...many])).toEqual(new Set(["job-1", "ping-1"]));
      expect(await ledger.findKnownDeliveries([])).toEqual(new Set());
    });
  });

  describe("runner transitions", () => {
    const reach: Record<RunnerState, (l: Ledger) => Promise<void>> = {
      planned: async () => undefined,
      registered: (l) => l.markRunnerRegistered("r", 11, at(1)),
      launched: async (l) => (await l.markRunnerRegistered("r", 11, at(1)), await l.markRunnerLaunched("r", "c-1", at(2))),
      busy: async (l) => (await reach.launched(l), await l.markRunnerBusy("r", 5, at(3))),
      cancelling: async (l) => {
        await reach.launched(l);
        await l.markRunnerCancelling("r", "surplus", at(3));
      },
      finished: async (l) => (await reach.busy(l), await l.markRunnerEnded("r", "finished", "job done", at(4))),
      cancelled: async (l) => (await reach.cancelling(l), await l.markRunnerEnded("r", "cancelled", "surplus removed", at(4))),
      failed: (l) => l.markRunnerEnded("r", "failed", "could not register", at(1)),
    };
    const act = {
      registered: (l: Ledger) => l.markRunnerRegistered("r", 12, at(9)),
      launched: (l: Ledger) => l.markRunnerLaunched("r", "c-2", at(9)),
      busy: (l: Ledger) => l.markRunnerBusy("r", 6, at(9)),
      cancelling: (l: Ledger) => l.markRunnerCancelling("r", "surplus again", at(9)),
      failed: (l: Ledger) => l.markRunnerEnded("r", "failed", "compute gone", at(9)),
    };
    type Act = keyof typeof act;
    const expected: Record<RunnerState, Record<Act, RunnerState>> = {
      planned: { registered: "registered", launched: "launched", busy: "busy", cancelling: "cancelling", failed: "failed" },
      registered: { registered: "registered", launched: "launched", busy: "busy", cancelling: "cancelling", failed: "failed" },
      launched: { registered: "launched", launched: "launched", busy: "busy", cancelling: "cancelling", failed: "failed" },
      busy: { registered: "busy", launched: "busy", busy: "busy", cancelling: "busy", failed: "failed" },
      cancelling: { registered: "cancelling", launched: "cancelling", busy: "busy", cancelling: "cancelling", failed: "failed" },
      finished: { registered: "finished", launched: "finished", busy: "finished", cancelling: "finished", failed: "finished" },
      cancelled: { registered: "cancelled", launched: "cancelled", busy: "cancelled", cancelling: "cancelled", failed: "cancelled" },
      failed: { registered: "failed", launched: "failed", busy: "failed", cancelling: "failed", failed: "failed" },
    };
    const rows = Object.entries(expected).flatMap(([from, acts]) => Object.entries(acts).map(([action, to]) => ({ from: from as RunnerState, action: action as Act, to })));

    it.each(rows)("a $from runner marked $action is $to", async ({ from, action, to }) => {
      const ledger = await open();
      await ledger.claimRunners([{ name: "r", poolKey: POOL.key, provider: "hf-jobs", forJobId: 5 }], at(0));
      await reach[from](ledger);
      const before = await ledger.getRunner("r");
      await act[action](ledger);
      const after = await ledger.getRunner("r");
      expect(after?.state).toBe(to);
      // An ended runner keeps its ending; it may still learn the id of what exists for clean-up.
      if (TERMINAL_RUNNER_STATES.includes(from)) expect(after).toMatchObject({ reason: before?.reason, endedAt: before?.endedAt, tookJobId: before?.tookJobId });
      // A transition done twice changes nothing the second time.
      await act[action](ledger);
      expect(await ledger.getRunner("r")).toEqual(after);
    });

    it("keeps every other write of a burst when one of them fails", async () => {
      const ledger = await open();
      const outcomes = await Promise.allSettled([
        ledger.recordDelivery(makeDelivery("burst-1")),
        ledger.markRunnerLaunched("ghost", "c-0", at(1)),
        ledger.recordDelivery(makeDelivery("burst-2")),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      expect((outcomes[1] as PromiseRejectedResult).reason).toSatisfy((e: unknown) => isOffloadError(e, "OFFLOAD_NOT_FOUND"));
      expect(await ledger.recordDelivery(makeDelivery("burst-1"))).toMatchObject({ duplicate: true });
      expect(await ledger.recordDelivery(makeDelivery("burst-2"))).toMatchObject({ duplicate: true });
    });

    it("writes a launch and the note for its job together, and keeps the launch of a runner whose job it does not hold", async () => {
      const ledger = await open();
      await ledger.recordJobFact({ delivery: makeDelivery("q1"), fact: makeFact(), routing: poolRouting(POOL), now: at(1) });
      await ledger.claimRunners([{ name: "r", poolKey: POOL.key, provider: "hf-jobs", forJobId: BIG_JOB_ID }], at(2));
      await ledger.markRunnerLaunched("r", "c-1", at(3), { jobId: BIG_JOB_ID, kind: "runner:launched", detail: "runner r launched (c-1); booting" });
      expect(await ledger.getRunner("r")).toMatchObject({ state: "launched", computeId: "c-1" });
      expect((await ledger.jobEvents(BIG_JOB_ID)).at(-1)).toEqual({ jobId: BIG_JOB_ID, at: at(3), kind: "runner:launched", detail: "runner r launched (c-1); booting" });
      expect(await ledger.getJob(BIG_JOB_ID)).toMatchObject({ reason: "runner r launched (c-1); booting" });

      await ledger.claimRunners([{ name: "r2", poolKey: POOL.key, provider: "hf-jobs", forJobId: 404 }], at(4));
      await ledger.markRunnerLaunched("r2", "c-2", at(5), { jobId: 404, kind: "runner:launched", detail: "for a job never recorded" });
      expect(await ledger.getRunner("r2")).toMatchObject({ state: "launched", computeId: "c-2" });
      expect(await ledger.jobEvents(404)).toEqual([]);
    });

    it("records the compute id of a runner that became busy before its launch was recorded", async () => {
      const ledger = await open();
      await ledger.claimRunners([{ name: "r", poolKey: POOL.key, provider: "hf-jobs", forJobId: null }], at(0));
      await ledger.markRunnerBusy("r", null, at(1));
      await ledger.markRunnerLaunched("r", "c-9", at(2));
      expect(await ledger.getRunner("r")).toMatchObject({ state: "busy", computeId: "c-9", launchedAt: at(2), tookJobId: null });
      await ledger.markRunnerBusy("r", 77, at(3));
      expect(await ledger.getRunner("r")).toMatchObject({ state: "busy", tookJobId: 77, busyAt: at(1) });
    });

    it("keeps the first ending of a runner and its reason", async () => {
      const ledger = await open();
      await ledger.claimRunners([{ name: "r", poolKey: POOL.key, provider: "hf-jobs", forJobId: null }], at(0));
      await ledger.markRunnerEnded("r", "failed", "JIT config refused", at(1));
      await ledger.markRunnerEnded("r", "finished", "compute exited", at(2));
      expect(await ledger.getRunner("r")).toMatchObject({ state: "failed", reason: "JIT config refused", endedAt: at(1) });
    });

    it("refuses to claim a runner name taken in any case", async () => {
      const ledger = await open();
      await ledger.claimRunners([{ name: "Runner-A", poolKey: POOL.key, provider: "hf-jobs", forJobId: null }], at(0));
      const taken = ledger.claimRunners([{ name: "runner-a", poolKey: POOL.key, provider: "hf-jobs", forJobId: null }], at(1));
      await expect(taken).rejects.toSatisfy((e: unknown) => isOffloadError(e, "OFFLOAD_LEDGER"));
      const twice = ledger.claimRunners(
        [
          { name: "b", poolKey: POOL.key, provider: "hf-jobs", forJobId: null },
          { name: "b", poolKey: POOL.key, provider: "hf-jobs", forJobId: null },
        ],
        at(1),
      );
      await expect(twice).rejects.toSatisfy((e: unknown) => isOffloadError(e, "OFFLOAD_LEDGER"));
      expect((await ledger.listRunners()).map((r) => r.name)).toEqual(["Runner-A"]);
    });

    it("refuses a transition of a runner it never planned", async () => {
      const ledger = await open();
      await expect(ledger.markRunnerLaunched("ghost", "c", at(1))).rejects.toSatisfy((e: unknown) => isOffloadError(e, "OFFLOAD_NOT_FOUND"));
    });

    it("lists runners by activity and pool, newest first", async () => {
      const ledger = await open();
      await ledger.claimRunners([{ name: "old", poolKey: "p1", provider: "local", forJobId: null }], at(0));
      await ledger.claimRunners([{ name: "new", poolKey: "p2", provider: "local", forJobId: null }], at(1));
      await ledger.markRunnerEnded("old", "cancelled", "surplus", at(2));
      expect((await ledger.listRunners()).map((r) => r.name)).toEqual(["new", "old"]);
      expect((await ledger.listRunners({ active: true })).map((r) => r.name)).toEqual(["new"]);
      expect((await ledger.listRunners({ active: false })).map((r) => r.name)).toEqual(["old"]);
      expect((await ledger.listRunners({ poolKey: "p1" })).map((r) => r.name)).toEqual(["old"]);
      expect(await ledger.listRunners({ limit: 1 })).toHaveLength(1);
    });
  });

  describe("pools and notes", () => {
    it("counts pool failures and starts again after a success", async () => {
      const ledger = await open();
      await ledger.recordJobFact({ delivery: null, fact: makeFact(), routing: poolRouting(POOL), now: at(1) });
      await ledger.recordPoolFailure(POOL.key, "quota", at(30), at(2));
      await ledger.recordPoolFailure(POOL.key, "quota again", at(90), at(3));
      expect((await ledger.listPools())[0]).toMatchObject({ failures: 2, retryAt: at(90), lastError: "quota again" });
      await ledger.recordPoolSuccess(POOL.key, at(4));
      expect((await ledger.listPools())[0]).toMatchObject({ failures: 0, retryAt: null, lastError: null });
      await expect(ledger.recordPoolFailure("nope", "x", at(5), at(5))).rejects.toSatisfy((e: unknown) => isOffloadError(e, "OFFLOAD_NOT_FOUND"));
    });

    it("notes a decision in a job's history and as its reason", async () => {
      const ledger = await open();
      await ledger.recordJobFact({ delivery: null, fact: makeFact(), routing: poolRouting(POOL), now: at(1) });
      await ledger.noteJob(BIG_JOB_ID, "runner:planned", "runner offload-1 planned", at(2));
      expect((await ledger.getJob(BIG_JOB_ID))?.reason).toBe("runner offload-1 planned");
      expect((await ledger.jobEvents(BIG_JOB_ID)).map((e) => e.kind)).toEqual(["queued", "runner:planned"]);
      await expect(ledger.noteJob(1, "decision", "x", at(3))).rejects.toSatisfy((e: unknown) => isOffloadError(e, "OFFLOAD_NOT_FOUND"));
    });
  });

  describe("snapshot", () => {
    it("holds the pools with demand or active runners, queued jobs oldest first and runners not ended", async () => {
      const ledger = await open();
      const other = makePool({ key: "repo:octo-org/hello|g1|hf-jobs-cpu-basic", labels: ["hf-jobs-cpu-basic"], flavor: "cpu-basic" });
      const idle = makePool({ key: "repo:octo-org/hello|g1|hf-jobs-a10g-small", labels: ["hf-jobs-a10g-small"], flavor: "a10g-small" });
      const fact = (jobId: number, createdAt: string, status: JobStatus = "queued") => makeFact({ jobId, createdAt, status, runnerName: status === "in_progress" ? "gh-hosted" : null });
      await ledger.recordJobFact({ delivery: null, fact: fact(3, at(30)), routing: poolRouting(POOL), now: at(1) });
      await ledger.recordJobFact({ delivery: null, fact: fact(2, at(20)), routing: poolRouting(POOL), now: at(2) });
      await ledger.recordJobFact({ delivery: null, fact: fact(4, at(10), "waiting"), routing: poolRouting(POOL), now: at(3) });
      await ledger.recordJobFact({ delivery: null, fact: fact(5, at(5), "in_progress"), routing: poolRouting(idle), now: at(4) });
      await ledger.recordJobFact({ delivery: null, fact: fact(6, at(5)), routing: { kind: "ignored", reason: "no offload label" }, now: at(5) });
      await ledger.claimRunners(
        [
          { name: "busy-one", poolKey: other.key, provider: "hf-jobs", forJobId: null },
          { name: "gone", poolKey: idle.key, provider: "hf-jobs", forJobId: null },
        ],
        at(6),
      );
      await ledger.recordJobFact({ delivery: null, fact: fact(7, at(7), "completed"), routing: poolRouting(other), now: at(7) });
      await ledger.markRunnerBusy("busy-one", 7, at(8));
      await ledger.markRunnerEnded("gone", "failed", "boot failed", at(8));

      const snapshot = await ledger.snapshot();
      expect(snapshot.pools.map((p) => p.key).sort()).toEqual([POOL.key, other.key].sort());
      expect([...snapshot.queued.entries()]).toEqual([[POOL.key, [{ jobId: 2, createdAt: at(20) }, { jobId: 3, createdAt: at(30) }]]]);
      expect(snapshot.runners.map((r) => [r.name, r.state])).toEqual([["busy-one", "busy"]]);
    });

    it("sees every runner change made after an earlier snapshot", async () => {
      const ledger = await open();
      await ledger.recordJobFact({ delivery: null, fact: makeFact(), routing: poolRouting(POOL), now: at(1) });
      await ledger.claimRunners([{ name: "r1", poolKey: POOL.key, provider: "hf-jobs", forJobId: BIG_JOB_ID }], at(2));
      expect((await ledger.snapshot()).runners.map((r) => r.state)).toEqual(["planned"]);
      await ledger.markRunnerLaunched("r1", "c-1", at(3));
      expect((await ledger.snapshot()).runners.map((r) => r.state)).toEqual(["launched"]);
      await ledger.recordJobFact({ delivery: null, fact: makeFact({ status: "in_progress", runnerName: "R1" }), routing: poolRouting(POOL), now: at(4) });
      expect((await ledger.snapshot()).runners.map((r) => r.state)).toEqual(["busy"]);
      await ledger.markRunnerEnded("r1", "finished", "done", at(5));
      expect(await ledger.snapshot()).toEqual({ pools: [], queued: new Map(), runners: [] });
    });

    it("is empty for an empty ledger", async () => {
      const ledger = await open();
      expect(await ledger.snapshot()).toEqual({ pools: [], queued: new Map(), runners: [] });
    });
  });

  describe("listJobs", () => {
    it("filters by status, repository, label and page, newest first", async () => {
      const ledger = await open();
      const jobs = [
        makeFact({ jobId: 10, repo: "Octo-Org/Hello", labels: ["HF-Jobs-T4_Small"] }),
        makeFact({ jobId: 11, repo: "octo-org/other", labels: ["hf-jobs-cpu-basic"], status: "in_progress", runnerName: "r" }),
        makeFact({ jobId: 12, repo: "octo-org/hello", labels: ["hf-jobs-t4xsmall"] }),
      ];
      for (const fact of jobs) await ledger.recordJobFact({ delivery: null, fact, routing: poolRouting(POOL), now: at(1) });
      const ids = async (filter: Parameters<Ledger["listJobs"]>[0]) => (await ledger.listJobs(filter)).map((j) => j.jobId);
      expect(await ids(undefined)).toEqual([12, 11, 10]);
      expect(await ids({ status: "queued" })).toEqual([12, 10]);
      expect(await ids({ repo: "OCTO-ORG/HELLO" })).toEqual([12, 10]);
      // `_` is a wildcard in LIKE; it must match only itself.
      expect(await ids({ label: "hf-jobs-t4_small" })).toEqual([10]);
      expect(await ids({ label: "hf-jobs" })).toEqual([]);
      expect(await ids({ beforeJobId: 12, limit: 1 })).toEqual([11]);
      expect(await ledger.getJob(999)).toBeNull();
    });
  });

  describe("lifetime", () => {
    it("finds the same jobs, runners, pools and deliveries after a restart", async () => {
      const first = await open();
      await recordStatuses(first, ["queued"]);
      await first.claimRunners([{ name: "r", poolKey: POOL.key, provider: "hf-jobs", forJobId: BIG_JOB_ID }], at(2));
      await first.noteJob(BIG_JOB_ID, "runner:planned", "runner r planned", at(3));
      const before = { snapshot: await first.snapshot(), job: await first.getJob(BIG_JOB_ID), events: await first.jobEvents(BIG_JOB_ID), deliveries: await first.listDeliveries(10) };
      await first.close();
      const second = await reopen();
      expect({ snapshot: await second.snapshot(), job: await second.getJob(BIG_JOB_ID), events: await second.jobEvents(BIG_JOB_ID), deliveries: await second.listDeliveries(10) }).toEqual(before);
      expect((await second.recordDelivery(makeDelivery("guid-0"))).duplicate).toBe(true);
    });

    it("answers ping while open and not after close", async () => {
      const ledger = await open();
      expect(await ledger.ping()).toBe(true);
      await ledger.close();
      await ledger.close();
      expect(await ledger.ping()).toBe(false);
    });
  });
}
