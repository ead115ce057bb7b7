import { RequestError } from "@octokit/request-error";
import type { GitHubJob } from "./github-port.js";
import type { OffloadOctokitInstance } from "./offload-octokit.js";
import { toGitHubError } from "./to-github-error.js";

/**
 * The fields of GitHub's `job` object we read. Octokit parses integers beyond 2^53 as bigint;
 * job and run ids are ~2^36 today, so `Number` is exact.
 */
interface RawJob {
  readonly id: number | bigint;
  readonly run_id: number | bigint;
  readonly run_attempt?: number | undefined;
  readonly status: GitHubJob["status"];
  readonly conclusion: string | null;
  readonly labels: readonly string[];
  readonly runner_name: string | null;
}

/** `GET /repos/{owner}/{repo}/actions/jobs/{job_id}`; `null` on 404 (deleted run, or no access). */
export async function getJob(
  octokit: OffloadOctokitInstance,
  repoFullName: string,
  jobId: number,
): Promise<GitHubJob | null> {
  const [owner = "", repo = ""] = repoFullName.split("/");
  try {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/actions/jobs/{job_id}", { owner, repo, job_id: jobId });
    return toGitHubJob(data);
  } catch (error) {
    if (error instanceof RequestError && error.status === 404) return null;
    throw toGitHubError(error, { method: "GET", path: `/repos/${repoFullName}/actions/jobs/${jobId}` });
  }
}

/** Some clients report an unassigned runner as "" rather than null (github-protocol.md §1.7). */
export function toGitHubJob(raw: RawJob): GitHubJob {
  return {
    id: Number(raw.id),
    runId: Number(raw.run_id),
    runAttempt: raw.run_attempt ?? 1,
    status: raw.status,
    conclusion: raw.conclusion,
    labels: [...raw.labels],
    runnerName: raw.runner_name || null,
  };
}
