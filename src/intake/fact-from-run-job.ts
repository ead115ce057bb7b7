import type { GitHubRunJob } from "../github/list-run-jobs.js";
import { JOB_STATUS_RANK, type JobFact, type JobStatus } from "./job-fact.js";
import type { PollTarget } from "./plan-poll-round.js";

/**
 * The fact a listed job states, as a webhook would have stated it; null for `requested` and
 * `pending` (not yet eligible for a runner: waiting on a concurrency group), which no webhook
 * action names.
 */
export function factFromRunJob(job: GitHubRunJob, target: PollTarget): JobFact | null {
  const status = toJobStatus(job.status);
  if (status === null) return null;
  return {
    jobId: job.id,
    runId: job.runId,
    runAttempt: job.runAttempt,
    repo: target.repo,
    ownerType: target.ownerType,
    installationId: target.installationId,
    status,
    conclusion: job.conclusion,
    labels: job.labels,
    name: job.name,
    workflowName: job.workflowName,
    headBranch: job.headBranch,
    htmlUrl: job.htmlUrl,
    runnerName: job.runnerName,
    runnerId: job.runnerId,
    createdAt: job.createdAt,
  };
}

export function toJobStatus(status: string): JobStatus | null {
  return Object.hasOwn(JOB_STATUS_RANK, status) ? (status as JobStatus) : null;
}

/** What the ledger holds of an unfinished job, for deciding whether a listed job says anything new. */
export interface KnownJob {
  readonly status: JobStatus;
  readonly runAttempt: number;
  readonly runnerName: string | null;
}

/**
 * Whether a listed job is worth recording: a queued or waiting job the ledger does not hold yet
 * (its webhook was lost), or a job the ledger holds whose status moved on or that got a runner.
 */
export function isNews(fact: JobFact, known: KnownJob | undefined): boolean {
  if (known === undefined) return fact.status === "queued" || fact.status === "waiting";
  if (fact.runAttempt !== known.runAttempt) return fact.runAttempt > known.runAttempt;
  if (JOB_STATUS_RANK[fact.status] !== JOB_STATUS_RANK[known.status]) return JOB_STATUS_RANK[fact.status] > JOB_STATUS_RANK[known.status];
  return fact.status !== known.status || (fact.runnerName !== null && fact.runnerName !== known.runnerName);
}
