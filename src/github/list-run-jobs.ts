import type { OffloadOctokitInstance } from "./offload-octokit.js";
import { toGitHubError } from "./to-github-error.js";

/** A workflow job as the runs API lists it: every field a webhook's `workflow_job` would carry that offload keeps. */
export interface GitHubRunJob {
  readonly id: number;
  readonly runId: number;
  readonly runAttempt: number;
  readonly status: "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
  readonly conclusion: string | null;
  readonly labels: readonly string[];
  readonly name: string;
  readonly workflowName: string | null;
  readonly headBranch: string | null;
  readonly htmlUrl: string | null;
  /** Null until a runner took the job ("" and 0 also mean none, github-protocol.md §1.7). */
  readonly runnerName: string | null;
  readonly runnerId: number | null;
  readonly createdAt: string;
}

/** `GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs?filter=latest`, every page. */
export async function listRunJobs(octokit: OffloadOctokitInstance, repoFullName: string, runId: number): Promise<GitHubRunJob[]> {
  const [owner = "", repo = ""] = repoFullName.split("/");
  try {
    const jobs = await octokit.paginate("GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs", { owner, repo, run_id: runId, filter: "latest", per_page: 100 });
    return jobs.map((job) => ({
      // Octokit may parse ids beyond 2^53 as bigint; today's ids (~2^36) are exact as numbers.
      id: Number(job.id),
      runId: Number(job.run_id),
      runAttempt: job.run_attempt ?? 1,
      status: job.status,
      conclusion: job.conclusion,
      labels: [...job.labels],
      name: job.name,
      workflowName: job.workflow_name,
      headBranch: job.head_branch,
      htmlUrl: job.html_url,
      runnerName: job.runner_name || null,
      runnerId: job.runner_id || null,
      createdAt: job.created_at,
    }));
  } catch (error) {
    throw toGitHubError(error, { method: "GET", path: `/repos/${repoFullName}/actions/runs/${runId}/jobs` });
  }
}
