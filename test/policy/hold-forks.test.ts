import { describe, expect, it } from "vitest";
import type { RunRecord } from "../../src/ledger/run-records.js";
import { holdForks } from "../../src/policy/hold-forks.js";
import { OPEN_POLICY } from "../../src/policy/policy.js";

const RUN: RunRecord = { runId: 1, repo: "acme/app", installationId: 9, private: false, headSha: "abc", event: "pull_request", headRepo: "mallory/app", headBranch: "x", pullRequest: 7, approvedBy: null };
const TRUSTED: RunRecord = { ...RUN, runId: 2, headRepo: "acme/app", event: "push", pullRequest: null };

describe("holdForks", () => {
  it("holds the whole pool while a fork's job waits in it, saying why trusted jobs wait too", () => {
    const verdicts = holdForks([{ jobId: 10, poolKey: "p", run: RUN }, { jobId: 11, poolKey: "p", run: TRUSTED }, { jobId: 12, poolKey: "q", run: TRUSTED }], OPEN_POLICY.forks);
    expect([...verdicts.holds]).toEqual([
      ["p", "pull request #7 from fork mallory/app: held until a maintainer adds the label 'ok-to-run' to the pull request; other queued jobs with the same labels in acme/app wait too, since any of them could take a runner launched now"],
    ]);
    expect([...verdicts.notes.keys()]).toEqual([10]);
    expect(verdicts.denied).toEqual([]);
  });

  it("releases the pool once the pull request is approved", () => {
    expect(holdForks([{ jobId: 10, poolKey: "p", run: { ...RUN, approvedBy: "label by alice" } }], OPEN_POLICY.forks).holds.size).toBe(0);
  });

  it("holds a pool until a run of unknown origin is looked up, once per run", () => {
    const unknown = { ...RUN, event: null };
    const verdicts = holdForks([{ jobId: 10, poolKey: "p", run: unknown }, { jobId: 11, poolKey: "p", run: unknown }], OPEN_POLICY.forks);
    expect(verdicts.unvetted).toEqual([unknown]);
    expect(verdicts.holds.get("p")).toContain("checking where run 1 of acme/app came from");
  });

  it("lists denied runs to cancel, and sandboxes pools instead of holding them", () => {
    const denied = holdForks([{ jobId: 10, poolKey: "p", run: RUN }], { ...OPEN_POLICY.forks, public: "deny" });
    expect(denied.denied.map((d) => [d.run.runId, d.jobIds])).toEqual([[1, [10]]]);
    const sandboxed = holdForks([{ jobId: 10, poolKey: "p", run: RUN }], { ...OPEN_POLICY.forks, public: "sandbox" });
    expect(sandboxed.holds.size).toBe(0);
    expect(sandboxed.sandboxes.get("p")).toMatchObject({ flavor: "cpu-basic", timeoutSeconds: 1800 });
  });

  it("looks at nothing when forks are allowed everywhere", () => {
    expect(holdForks([{ jobId: 10, poolKey: "p", run: { ...RUN, event: null } }], { ...OPEN_POLICY.forks, public: "allow" }).unvetted).toEqual([]);
  });
});
