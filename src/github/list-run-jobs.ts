import type { OffloadOctokitInstance } from "./offload-octokit.js";
import { toGitHubJob } from "./get-job.js";
import type { GitHubJob } from "./github-port.js";
import { toGitHubError } from "./to-github-error.js";

/** A workflow job as the runs API lists it: every field a webhook's `workflow_job` would carry that offload keeps. */
export interface GitHubRunJob extends GitHubJob {
  readonly name: string;
  readonly workflowName: string | null;
  readonly headBranch: string | null;
  readonly htmlUrl: string | null;
  /** Null until a runner took the job (0 also means none, github-protocol.md §1.7). */
  readonly runnerId: number | null;
  readonly createdAt: string;
}

/** `GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs?filter=latest`, every page. */
export async function listRunJobs(octokit: OffloadOctokitInstance, repoFullName: string, runId: number): Promise<GitHubRunJob[]> {
  const [owner = "", repo = ""] = repoFullName.split("/");
  try {
    const jobs = await octokit.paginate("GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs", { owner, repo, run_id: runId, filter: "latest", per_page: 100 });
    return jobs.map((job) => ({
      ...toGitHubJob(job),
      name: job.name,
      workflowName: job.workflow_name,
      headBranch: job.head_branch,
      htmlUrl: job.html_url,
      runnerId: job.runner_id || null,
      createdAt: job.created_at,
    }));
  } catch (error) {
    throw toGitHubError(error, { method: "GET", path: `/repos/${repoFullName}/actions/runs/${runId}/jobs` });
  }
}
