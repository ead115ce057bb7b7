import { RequestError } from "@octokit/request-error";
import type { RunFacts } from "../ledger/run-records.js";
import type { OffloadOctokitInstance } from "./offload-octokit.js";
import { toGitHubError } from "./to-github-error.js";

interface RawRun {
  readonly id: number | bigint;
  readonly event: string;
  readonly head_sha: string;
  readonly head_branch: string | null;
  readonly head_repository?: { readonly full_name: string } | null;
  readonly repository: { readonly full_name: string; readonly private: boolean };
  readonly pull_requests?: readonly { readonly number: number }[] | null;
}

/** `GET /repos/{owner}/{repo}/actions/runs/{run_id}`: where the run came from; null on 404. */
export async function getRunFacts(octokit: OffloadOctokitInstance, installationId: number, repoFullName: string, runId: number): Promise<RunFacts | null> {
  const [owner = "", repo = ""] = repoFullName.split("/");
  try {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}", { owner, repo, run_id: runId });
    const run = data as unknown as RawRun;
    return {
      runId: Number(run.id),
      repo: run.repository.full_name,
      installationId,
      private: run.repository.private,
      headSha: run.head_sha,
      event: run.event,
      headRepo: run.head_repository?.full_name ?? null,
      headBranch: run.head_branch,
      pullRequest: run.pull_requests?.[0]?.number ?? null,
    };
  } catch (error) {
    if (error instanceof RequestError && error.status === 404) return null;
    throw toGitHubError(error, { method: "GET", path: `/repos/${repoFullName}/actions/runs/${runId}` });
  }
}
