import { JOB_STATUS_RANK, type JobFact, type JobStatus } from "../intake/job-fact.js";
import type { JobRecord } from "./records.js";
import type { Routing } from "../policy/routing.js";

/** What one fact does to the job the ledger holds: pure, so the rules are tested by tables. */
export type JobFactDecision =
  /** Write `job` (new, or replacing the stored one) and append an event of kind `job.status`. */
  | { readonly kind: "write"; readonly job: JobRecord; readonly changed: boolean; readonly detail: string }
  /** The fact is older than what the ledger knows: only its event is kept, marked stale. */
  | { readonly kind: "stale"; readonly status: JobStatus; readonly detail: string };

export interface JobFactInput {
  readonly existing: JobRecord | null;
  readonly fact: JobFact;
  readonly routing: Routing;
  /** The delivery that carried the fact, for the event's detail. */
  readonly guid: string | null;
  readonly now: string;
}

/**
 * Applies the ordering rules of github-protocol.md §1.7: deliveries arrive out of order and
 * repeat, so a fact never lowers a job's status rank, a fact of an older run attempt is ignored,
 * and between equal ranks (queued ↔ waiting, as environments send) the later fact wins.
 */
export function decideJobFact({ existing, fact: raw, routing, guid, now }: JobFactInput): JobFactDecision {
  const fact = normalizeFact(raw);
  const source = guid ?? "no delivery";
  if (existing === null || fact.runAttempt > existing.runAttempt) {
    const job = buildJob(fact, routing, now, existing?.firstSeenAt ?? now, null);
    return { kind: "write", job, changed: true, detail: source };
  }
  if (fact.runAttempt < existing.runAttempt) {
    return { kind: "stale", status: fact.status, detail: `stale: attempt ${fact.runAttempt} is older than attempt ${existing.runAttempt}; ${source}` };
  }
  if (JOB_STATUS_RANK[fact.status] < JOB_STATUS_RANK[existing.status]) {
    return { kind: "stale", status: fact.status, detail: `stale: already ${existing.status}; ${source}` };
  }
  const job = buildJob(fact, routing, now, existing.firstSeenAt, existing);
  const changed =
    job.status !== existing.status ||
    job.runnerName !== existing.runnerName ||
    job.routing !== existing.routing ||
    job.poolKey !== existing.poolKey;
  // A repeat that moves nothing keeps the reason a later decision (noteJob) may have written.
  return { kind: "write", job: changed ? job : { ...job, reason: existing.reason }, changed, detail: source };
}

/** GitHub writes "no runner" as null, 0 or "" depending on the event (github-protocol.md §9). */
function normalizeFact(fact: JobFact): JobFact {
  return {
    ...fact,
    runnerName: fact.runnerName === "" ? null : fact.runnerName,
    runnerId: fact.runnerId === 0 ? null : fact.runnerId,
  };
}

function buildJob(fact: JobFact, routing: Routing, now: string, firstSeenAt: string, previous: JobRecord | null): JobRecord {
  const runnerName = fact.runnerName ?? previous?.runnerName ?? null;
  const conclusion = fact.conclusion ?? previous?.conclusion ?? null;
  return {
    jobId: fact.jobId,
    runId: fact.runId,
    runAttempt: fact.runAttempt,
    repo: fact.repo,
    ownerType: fact.ownerType,
    installationId: fact.installationId,
    status: fact.status,
    conclusion,
    labels: [...fact.labels],
    name: fact.name,
    workflowName: fact.workflowName ?? previous?.workflowName ?? null,
    headBranch: fact.headBranch ?? previous?.headBranch ?? null,
    htmlUrl: fact.htmlUrl ?? previous?.htmlUrl ?? null,
    runnerName,
    runnerId: fact.runnerId ?? previous?.runnerId ?? null,
    createdAt: fact.createdAt,
    poolKey: routing.kind === "pool" ? routing.pool.key : null,
    routing: routing.kind,
    reason: routing.kind === "pool" ? describeStatus(fact.status, runnerName, conclusion) : routing.reason,
    flavor: routing.kind === "pool" ? routing.pool.flavor : null,
    firstSeenAt,
    updatedAt: now,
    startedAt: previous?.startedAt ?? (fact.status === "in_progress" ? now : null),
    completedAt: previous?.completedAt ?? (fact.status === "completed" ? now : null),
  };
}

/** The reason a person reads next to a job served by a pool. */
export function describeStatus(status: JobStatus, runnerName: string | null, conclusion: string | null): string {
  switch (status) {
    case "queued":
      return "waiting for a runner";
    case "waiting":
      // GitHub sends `waiting` for jobs held by an environment's protection rules.
      return "waiting for an approval";
    case "in_progress":
      return `running on ${runnerName ?? "a runner"}`;
    case "completed":
      return `completed: ${conclusion ?? "no conclusion"}`;
  }
}
