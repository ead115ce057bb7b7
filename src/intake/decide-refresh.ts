import type { GitHubJob } from "../github/github-port.js";
import type { JobFact } from "./job-fact.js";
import type { JobRecord } from "../ledger/records.js";
import { isNews, toJobStatus } from "./fact-from-run-job.js";

/** What re-reading one unfinished job told us. */
export type RefreshDecision =
  | { readonly kind: "unchanged" }
  /** Record `fact`; `note`, when set, becomes the job's reason afterwards. */
  | { readonly kind: "record"; readonly fact: JobFact; readonly note: string | null };

export const GONE_NOTE = "GitHub no longer knows this job (404: run deleted or repository no longer shared with the App)";

/**
 * Pure: turns GitHub's answer for a job the ledger holds as unfinished into a fact, keeping the
 * stored fields the REST job lacks (owner type, installation, names). A 404 ends the job: nothing
 * can run it any more, and leaving it queued would launch runners for it forever.
 */
export function decideRefresh(stored: JobRecord, found: GitHubJob | null): RefreshDecision {
  const base: JobFact = {
    jobId: stored.jobId,
    runId: stored.runId,
    runAttempt: stored.runAttempt,
    repo: stored.repo,
    ownerType: stored.ownerType,
    installationId: stored.installationId,
    status: stored.status,
    conclusion: stored.conclusion,
    labels: stored.labels,
    name: stored.name,
    workflowName: stored.workflowName,
    headBranch: stored.headBranch,
    htmlUrl: stored.htmlUrl,
    runnerName: stored.runnerName,
    runnerId: stored.runnerId,
    createdAt: stored.createdAt,
  };
  if (found === null) return { kind: "record", fact: { ...base, status: "completed", conclusion: null }, note: GONE_NOTE };
  const status = toJobStatus(found.status);
  if (status === null) return { kind: "unchanged" };
  const fact: JobFact = {
    ...base,
    runId: found.runId,
    runAttempt: found.runAttempt,
    status,
    conclusion: found.conclusion,
    labels: found.labels.length > 0 ? found.labels : stored.labels,
    runnerName: found.runnerName,
    // The REST job's runner id is not in GitHubJob; the ledger keeps the stored one.
    runnerId: found.runnerName === null ? null : stored.runnerId,
  };
  return isNews(fact, stored) ? { kind: "record", fact, note: null } : { kind: "unchanged" };
}
