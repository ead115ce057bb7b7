import { afterEach, describe, expect, it } from "vitest";
import type { Ledger } from "../../src/ledger/ledger.js";
import { at, makeDelivery, makeFact, makePool, poolRouting } from "../support/ledger-fixtures.js";
import type { LedgerHarness } from "./ledger-contract.js";

const POOL = makePool();
const RUN = { runId: 14_000_000_001, repo: "octo-org/hello", installationId: 77_000_001 };

/** Runs, approvals, check runs and usage: the ledger's part of policy and cost, run once per dialect. */
export function describeRunsContract(harness: LedgerHarness): void {
  const opened: Ledger[] = [];
  const open = async (): Promise<Ledger> => {
    const ledger = await harness.open();
    opened.push(ledger);
    return ledger;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((l) => l.close()));
  });

  describe("workflow runs", () => {
    it("merges facts that arrive in pieces, keeping what a later fact does not know", async () => {
      const ledger = await open();
      await ledger.recordRunFacts({ ...RUN, private: false, headSha: "abc" }, at(1));
      await ledger.recordRunFacts({ ...RUN, event: "pull_request", headRepo: "mallory/hello", pullRequest: 7 }, at(2));
      await ledger.recordRunFacts({ ...RUN, headSha: null }, at(3));
      expect(await ledger.listRuns([RUN.runId, 5])).toEqual([
        { ...RUN, private: false, headSha: "abc", event: "pull_request", headRepo: "mallory/hello", headBranch: null, pullRequest: 7, approvedBy: null },
      ]);
    });

    it("approves the runs of a pull request once, whatever the repository's case", async () => {
      const ledger = await open();
      await ledger.recordRunFacts({ ...RUN, pullRequest: 7 }, at(1));
      await ledger.recordRunFacts({ ...RUN, runId: 2, pullRequest: 8 }, at(1));
      expect(await ledger.approveRuns({ repo: "Octo-Org/Hello", pullRequest: 7 }, "label ok-to-run by alice", at(2))).toBe(1);
      expect(await ledger.approveRuns({ repo: "octo-org/hello", pullRequest: 7 }, "label ok-to-run by bob", at(3))).toBe(0);
      const runs = await ledger.listRuns([RUN.runId, 2]);
      expect(runs.map((r) => [r.runId, r.approvedBy])).toEqual([[2, null], [RUN.runId, "label ok-to-run by alice"]].sort((a, b) => Number(a[0]) - Number(b[0])));
    });
  });

  describe("check runs", () => {
    it("finds refused jobs and jobs held past the grace, then only the ones whose status or reason changed", async () => {
      const ledger = await open();
      await ledger.recordJobFact({ delivery: makeDelivery("d1"), fact: makeFact({ jobId: 1 }), routing: poolRouting(POOL), now: at(1) });
      await ledger.recordJobFact({ delivery: makeDelivery("d2", { jobId: 2 }), fact: makeFact({ jobId: 2 }), routing: { kind: "refused", code: "OFFLOAD_POLICY_TOO_MANY_GPUS", reason: "too many GPUs" }, now: at(1) });
      await ledger.recordJobFact({ delivery: makeDelivery("d3", { jobId: 3 }), fact: makeFact({ jobId: 3 }), routing: { kind: "ignored", reason: "not ours" }, now: at(1) });
      await ledger.recordRunFacts({ ...RUN, headSha: "abc" }, at(1));
      const due = (now: number) => ledger.checkRunWork({ queuedBefore: at(now - 20), seenAfter: at(0), limit: 10 });

      expect((await due(5)).map((w) => w.job.jobId)).toEqual([2]);
      expect((await due(30)).map((w) => [w.job.jobId, w.checkRunId, w.headSha])).toEqual([[1, null, "abc"], [2, null, "abc"]]);
      await ledger.recordCheckRun(1, 900, "queued|waiting for a runner", at(30));
      await ledger.recordCheckRun(2, 901, "queued|too many GPUs", at(30));
      expect(await due(31)).toEqual([]);
      await ledger.noteJob(1, "hold", "next try at 00:01:00 UTC", at(32));
      expect((await due(33)).map((w) => [w.job.jobId, w.checkRunId])).toEqual([[1, 900]]);
    });

    it("leaves a queued job alone while a runner is on its way for it", async () => {
      const ledger = await open();
      await ledger.recordJobFact({ delivery: makeDelivery("d1"), fact: makeFact({ jobId: 1 }), routing: poolRouting(POOL), now: at(1) });
      await ledger.claimRunners([{ name: "r1", poolKey: POOL.key, provider: "hf-jobs", forJobId: 1 }], at(2));
      expect(await ledger.checkRunWork({ queuedBefore: at(100), seenAfter: at(0), limit: 10 })).toEqual([]);
    });
  });

  describe("runner usage", () => {
    it("lists runners whose compute ran since the given instant, with the repository of the job they took", async () => {
      const ledger = await open();
      await ledger.recordJobFact({ delivery: makeDelivery("d1"), fact: makeFact({ jobId: 1 }), routing: poolRouting(POOL), now: at(1) });
      await ledger.claimRunners([{ name: "r1", poolKey: POOL.key, provider: "hf-jobs", forJobId: 1 }, { name: "r2", poolKey: POOL.key, provider: "hf-jobs", forJobId: null }, { name: "r3", poolKey: POOL.key, provider: "hf-jobs", forJobId: null }], at(2));
      await ledger.markRunnerLaunched("r1", "c1", at(3));
      await ledger.markRunnerLaunched("r2", "c2", at(3));
      await ledger.markRunnerBusy("r1", 1, at(10));
      await ledger.markRunnerEnded("r2", "cancelled", "surplus", at(4));
      const usage = await ledger.runnerUsage(at(5));
      expect(usage).toEqual([{ name: "r1", poolKey: POOL.key, flavor: "t4-small", repo: "octo-org/hello", jobId: 1, launchedAt: at(3), busyAt: at(10), endedAt: null }]);
      expect((await ledger.runnerUsage(at(0))).map((u) => u.name).sort()).toEqual(["r1", "r2"]);
    });
  });
}
