import { nodeId } from "./render-account.js";
import type { SimJob, SimRun } from "./sim-state.js";

/**
 * GitHub's `job` object. The webhook's `workflow_job` has the same shape, so the webhook payload
 * builder uses this too. `html_url` ends in a number that is not the job id, as on GitHub.
 */
export function renderJob(job: SimJob, run: SimRun, api: string): Record<string, unknown> {
  const repoApi = `${api}/repos/${job.repo}`;
  return {
    id: job.id,
    run_id: job.runId,
    run_url: `${repoApi}/actions/runs/${job.runId}`,
    run_attempt: job.runAttempt,
    node_id: nodeId("CR", job.id),
    head_sha: run.headSha,
    head_branch: run.headBranch,
    url: `${repoApi}/actions/jobs/${job.id}`,
    html_url: `https://github.com/${job.repo}/actions/runs/${job.runId}/job/${job.id - 1_000_000}`,
    status: job.status,
    conclusion: job.conclusion,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    name: job.name,
    workflow_name: job.workflowName,
    steps: renderSteps(job),
    check_run_url: `${repoApi}/check-runs/${job.id}`,
    labels: [...job.labels],
    runner_id: job.runnerId,
    runner_name: job.runnerName,
    runner_group_id: job.runnerGroupId,
    runner_group_name: job.runnerGroupName,
  };
}

/** Steps appear once a runner has the job; a job cancelled before pickup has none. */
function renderSteps(job: SimJob): Record<string, unknown>[] {
  if (job.runnerId === null) return [];
  const setUp = {
    name: "Set up job",
    status: "completed",
    conclusion: "success",
    number: 1,
    started_at: job.startedAt,
    completed_at: job.startedAt,
  };
  const work = {
    name: "Run tests",
    status: job.status === "completed" ? "completed" : "in_progress",
    conclusion: job.conclusion,
    number: 2,
    started_at: job.startedAt,
    completed_at: job.completedAt,
  };
  return [setUp, work];
}
