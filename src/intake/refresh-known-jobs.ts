import type { JobRecord } from "../ledger/records.js";
import { decideRefresh } from "./decide-refresh.js";
import { loadUnfinishedJobs } from "./load-unfinished-jobs.js";
import type { MissedWorkDeps } from "./missed-work-deps.js";
import { recordFoundJob } from "./record-found-job.js";

/** What one refresh did. */
export interface RefreshReport {
  readonly checked: number;
  readonly recorded: number;
  /** Not re-read: the installation's budget is at the reserve, or an earlier call of it failed. */
  readonly skipped: number;
}

/**
 * Re-reads every job served by a pool that the ledger holds as unfinished, and records what GitHub
 * says now. Run at start-up before the first launch: jobs taken or finished while the dispatcher
 * was down (their webhooks lost) must not get runners again.
 */
export async function refreshKnownJobs(deps: MissedWorkDeps): Promise<RefreshReport> {
  const jobs = await loadUnfinishedJobs(deps.ledger);
  return refreshJobs(deps, jobs.filter((job) => job.routing === "pool"));
}

/** Re-reads `jobs` one by one (`GET /repos/{o}/{r}/actions/jobs/{id}`), within the budget. */
export async function refreshJobs(deps: MissedWorkDeps, jobs: readonly JobRecord[]): Promise<RefreshReport> {
  const failed = new Set<number>();
  let checked = 0;
  let recorded = 0;
  for (const job of jobs) {
    const installation = job.installationId;
    if (failed.has(installation) || !deps.budget.allows(installation, deps.clock.now())) continue;
    try {
      const found = await deps.github.getJob(installation, job.repo, job.jobId);
      deps.budget.observe(installation);
      checked += 1;
      const decision = decideRefresh(job, found);
      if (decision.kind === "record" && (await recordFoundJob(deps, decision.fact, decision.note)) === "recorded") recorded += 1;
    } catch (error) {
      // One failure (403 after a permission change, an outage) stops this installation until the next round.
      failed.add(installation);
      deps.log.warn({ err: error, job: job.jobId, repo: job.repo, installation }, "could not re-read a job; retrying next round");
    }
  }
  return { checked, recorded, skipped: jobs.length - checked };
}
