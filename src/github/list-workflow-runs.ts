import type { OffloadOctokitInstance } from "./offload-octokit.js";
import { toGitHubError } from "./to-github-error.js";

/** The run statuses that can still hold a job waiting for a runner (github-protocol.md §6.1). */
export type OpenRunStatus = "queued" | "in_progress" | "waiting";

/**
 * `GET /repos/{owner}/{repo}/actions/runs?status=`, every page; only the run ids. GitHub returns
 * at most 1,000 runs for a status filter, which bounds the pages.
 */
export async function listWorkflowRuns(octokit: OffloadOctokitInstance, repoFullName: string, status: OpenRunStatus): Promise<number[]> {
  const [owner = "", repo = ""] = repoFullName.split("/");
  try {
    const runs = await octokit.paginate("GET /repos/{owner}/{repo}/actions/runs", { owner, repo, status, per_page: 100 });
    return runs.map((run) => Number(run.id));
  } catch (error) {
    throw toGitHubError(error, { method: "GET", path: `/repos/${repoFullName}/actions/runs?status=${status}` });
  }
}
