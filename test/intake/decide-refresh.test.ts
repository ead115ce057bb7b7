import { describe, expect, it } from "vitest";
import type { GitHubJob } from "../../src/github/github-port.js";
import { decideRefresh, GONE_NOTE } from "../../src/intake/decide-refresh.js";
import { isNews } from "../../src/intake/fact-from-run-job.js";
import type { JobRecord } from "../../src/ledger/records.js";
import type { JobStatus } from "../../src/intake/job-fact.js";
import { makeFact } from "../support/ledger-fixtures.js";

function stored(status: JobStatus, overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    ...makeFact({ status }),
    poolKey: "repo:octo-org/hello|g1|hf-jobs-t4-small",
    routing: "pool",
    reason: "waiting for a runner",
    flavor: "t4-small",
    firstSeenAt: "2025-01-01T00:00:01.000Z",
    updatedAt: "2025-01-01T00:00:01.000Z",
    startedAt: null,
    completedAt: null,
    ...overrides,
  };
}

function github(status: GitHubJob["status"], overrides: Partial<GitHubJob> = {}): GitHubJob {
  const fact = makeFact();
  return { id: fact.jobId, runId: fact.runId, runAttempt: 1, status, conclusion: null, labels: fact.labels, runnerName: null, ...overrides };
}

describe("decideRefresh", () => {
  it.each([
    { held: "queued", found: "queued", record: false },
    { held: "queued", found: "waiting", record: true },
    { held: "waiting", found: "queued", record: true },
    { held: "queued", found: "in_progress", record: true },
    { held: "queued", found: "completed", record: true },
    { held: "in_progress", found: "completed", record: true },
    { held: "in_progress", found: "queued", record: false },
    { held: "queued", found: "pending", record: false },
    { held: "queued", found: "requested", record: false },
  ] as const)("records a job held as $held and found $found: $record", ({ held, found, record }) => {
    const running = found === "in_progress" || found === "completed";
    const decision = decideRefresh(stored(held), github(found, running ? { runnerName: "offload-1-abcd" } : {}));
    expect(decision.kind).toBe(record ? "record" : "unchanged");
  });

  it("keeps what the REST job lacks: owner type, installation, names and creation time", () => {
    const decision = decideRefresh(stored("queued"), github("completed", { conclusion: "cancelled", labels: [] }));
    expect(decision).toEqual({
      kind: "record",
      note: null,
      fact: { ...makeFact(), status: "completed", conclusion: "cancelled", runnerName: null, runnerId: null },
    });
  });

  it("ends a job GitHub answers 404 for, saying why", () => {
    const decision = decideRefresh(stored("queued"), null);
    expect(decision).toEqual({ kind: "record", note: GONE_NOTE, fact: { ...makeFact(), status: "completed", conclusion: null } });
  });

  it("records a runner taking a job the ledger already holds as in progress only when it names one", () => {
    expect(decideRefresh(stored("in_progress", { runnerName: "a" }), github("in_progress", { runnerName: "a" })).kind).toBe("unchanged");
    expect(decideRefresh(stored("in_progress", { runnerName: null }), github("in_progress", { runnerName: "b" })).kind).toBe("record");
  });
});

describe("isNews", () => {
  it.each([
    { case: "an unknown queued job", known: undefined, fact: { status: "queued" }, news: true },
    { case: "an unknown waiting job", known: undefined, fact: { status: "waiting" }, news: true },
    { case: "an unknown running job (its queued webhook arrived nowhere, but nothing is left to launch)", known: undefined, fact: { status: "in_progress" }, news: false },
    { case: "a known queued job still queued", known: { status: "queued", runAttempt: 1, runnerName: null }, fact: { status: "queued" }, news: false },
    { case: "a known queued job now running", known: { status: "queued", runAttempt: 1, runnerName: null }, fact: { status: "in_progress", runnerName: "r" }, news: true },
    { case: "a known running job reported queued again", known: { status: "in_progress", runAttempt: 1, runnerName: "r" }, fact: { status: "queued" }, news: false },
    { case: "a newer attempt of a known job", known: { status: "completed", runAttempt: 1, runnerName: "r" }, fact: { status: "queued", runAttempt: 2 }, news: true },
    { case: "an older attempt of a known job", known: { status: "queued", runAttempt: 2, runnerName: null }, fact: { status: "completed", runAttempt: 1 }, news: false },
  ] as const)("calls $case news: $news", ({ known, fact, news }) => {
    expect(isNews(makeFact(fact), known)).toBe(news);
  });
});
