import { listRunJobs, type GitHubRunJob } from "../github/list-run-jobs.js";
import { listWorkflowRuns, type OpenRunStatus } from "../github/list-workflow-runs.js";
import type { JobRecord } from "../ledger/records.js";
import { factFromRunJob, isNews } from "./fact-from-run-job.js";
import type { MissedWorkDeps } from "./missed-work-deps.js";
import type { PollTarget } from "./plan-poll-round.js";
import { recordFoundJob } from "./record-found-job.js";

/** Queued jobs hide inside started runs, and approvals inside waiting ones (github-protocol.md §6.1). */
const OPEN_RUN_STATUSES: readonly OpenRunStatus[] = ["queued", "in_progress", "waiting"];

export interface RepositoryPoll {
  /** False when the budget ran out before every run was read. */
  readonly complete: boolean;
  readonly recorded: number;
  /** Every job id listed in the repository's open runs. */
  readonly seen: ReadonlySet<number>;
}

/**
 * Lists one repository's open runs and their jobs (latest attempt) and records every job that says
 * something the ledger does not know: a queued job whose webhook was lost, or a known job that
 * moved on. Each call first asks the budget; the poll stops, incomplete, when it says no.
 */
export async function pollRepository(deps: MissedWorkDeps, target: PollTarget, known: ReadonlyMap<number, JobRecord>): Promise<RepositoryPoll> {
  const octokit = deps.github.installationOctokit(target.installationId);
  const call = async <T>(read: () => Promise<T>): Promise<T | null> => {
    if (!deps.budget.allows(target.installationId, deps.clock.now())) return null;
    const value = await read();
    deps.budget.observe(target.installationId);
    return value;
  };

  const runIds = new Set<number>();
  for (const status of OPEN_RUN_STATUSES) {
    const ids = await call(() => listWorkflowRuns(octokit, target.repo, status));
    if (ids === null) return { complete: false, recorded: 0, seen: new Set() };
    ids.forEach((id) => runIds.add(id));
  }
  const jobs: GitHubRunJob[] = [];
  let complete = true;
  for (const runId of runIds) {
    const listed = await call(() => listRunJobs(octokit, target.repo, runId));
    if (listed === null) {
      complete = false;
      break;
    }
    jobs.push(...listed);
  }

  let recorded = 0;
  for (const job of jobs) {
    const fact = factFromRunJob(job, target);
    if (fact !== null && isNews(fact, known.get(job.id)) && (await recordFoundJob(deps, fact)) === "recorded") recorded += 1;
  }
  return { complete, recorded, seen: new Set(jobs.map((job) => job.id)) };
}
