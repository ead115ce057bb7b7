import { describe, expect, it } from "vitest";
import { decideJobFact, describeStatus } from "../../src/ledger/decide-job-fact.js";
import type { JobFact, JobStatus } from "../../src/intake/job-fact.js";
import type { JobRecord } from "../../src/ledger/records.js";
import { at, makeFact, poolRouting } from "../support/ledger-fixtures.js";

function stored(overrides: Partial<JobFact> = {}, record: Partial<JobRecord> = {}): JobRecord {
  const decision = decideJobFact({ existing: null, fact: makeFact(overrides), routing: poolRouting(), guid: "first", now: at(1) });
  if (decision.kind !== "write") throw new Error("a first fact is always written");
  return { ...decision.job, ...record };
}

describe("decideJobFact", () => {
  it.each<{ held: JobStatus; attempt: number; fact: JobStatus; factAttempt: number; kind: "write" | "stale"; changed: boolean; status: JobStatus }>([
    { held: "queued", attempt: 1, fact: "in_progress", factAttempt: 1, kind: "write", changed: true, status: "in_progress" },
    { held: "queued", attempt: 1, fact: "waiting", factAttempt: 1, kind: "write", changed: true, status: "waiting" },
    { held: "waiting", attempt: 1, fact: "queued", factAttempt: 1, kind: "write", changed: true, status: "queued" },
    { held: "queued", attempt: 1, fact: "queued", factAttempt: 1, kind: "write", changed: false, status: "queued" },
    { held: "in_progress", attempt: 1, fact: "queued", factAttempt: 1, kind: "stale", changed: false, status: "in_progress" },
    { held: "completed", attempt: 1, fact: "in_progress", factAttempt: 1, kind: "stale", changed: false, status: "completed" },
    { held: "completed", attempt: 1, fact: "queued", factAttempt: 2, kind: "write", changed: true, status: "queued" },
    { held: "queued", attempt: 2, fact: "completed", factAttempt: 1, kind: "stale", changed: false, status: "queued" },
  ])("a $fact fact (attempt $factAttempt) on a $held job (attempt $attempt) is $kind", ({ held, attempt, fact, factAttempt, kind, changed, status }) => {
    const existing = stored({ status: held, runAttempt: attempt });
    const decision = decideJobFact({ existing, fact: makeFact({ status: fact, runAttempt: factAttempt }), routing: poolRouting(), guid: "g", now: at(5) });
    expect(decision.kind).toBe(kind);
    if (decision.kind === "write") {
      expect(decision.changed).toBe(changed);
      expect(decision.job.status).toBe(status);
    } else {
      expect(decision.status).toBe(fact);
    }
  });

  it("fills a runner and a conclusion in, and never forgets them", () => {
    const running = decideJobFact({ existing: stored(), fact: makeFact({ status: "in_progress", runnerName: "r1", runnerId: 9 }), routing: poolRouting(), guid: "g", now: at(2) });
    if (running.kind !== "write") throw new Error("expected a write");
    expect(running.job).toMatchObject({ runnerName: "r1", runnerId: 9, startedAt: at(2), reason: "running on r1" });
    const done = decideJobFact({ existing: running.job, fact: makeFact({ status: "completed", conclusion: "failure", runnerName: null }), routing: poolRouting(), guid: "h", now: at(3) });
    expect(done).toMatchObject({ kind: "write", changed: true, job: { runnerName: "r1", conclusion: "failure", startedAt: at(2), completedAt: at(3), reason: "completed: failure" } });
  });

  it("counts a new routing as a change", () => {
    const decision = decideJobFact({ existing: stored(), fact: makeFact(), routing: { kind: "refused", code: "OFFLOAD_REPO_NOT_ALLOWED", reason: "repository not allowed" }, guid: "g", now: at(2) });
    expect(decision).toMatchObject({ kind: "write", changed: true, job: { routing: "refused", poolKey: null, reason: "repository not allowed" } });
  });

  it.each<[JobStatus, string | null, string | null, string]>([
    ["queued", null, null, "waiting for a runner"],
    ["waiting", null, null, "waiting for an approval"],
    ["in_progress", "offload-7", null, "running on offload-7"],
    ["completed", "offload-7", "success", "completed: success"],
  ])("describes a %s job on runner %s with conclusion %s as '%s'", (status, runner, conclusion, text) => {
    expect(describeStatus(status, runner, conclusion)).toBe(text);
  });
});
