import { RequestError } from "@octokit/request-error";
import type { RemoveRunnerOutcome } from "./github-port.js";
import type { OffloadOctokitInstance } from "./offload-octokit.js";
import type { RunnerScope } from "../policy/runner-scope.js";
import { runnersPath } from "./runners-path.js";
import { toGitHubError } from "./to-github-error.js";

/**
 * `DELETE .../actions/runners/{id}`: 204 removed; 404 gone already (deleted, or consumed by its
 * job); 422 busy, GitHub's `Runner "<name>" is still running a job`. Only "removed" and "gone"
 * make it safe to stop the compute (github-protocol.md §4.4).
 */
export async function removeRunner(
  octokit: OffloadOctokitInstance,
  scope: RunnerScope,
  runnerId: number,
): Promise<RemoveRunnerOutcome> {
  try {
    if (scope.kind === "repo") {
      await octokit.request("DELETE /repos/{owner}/{repo}/actions/runners/{runner_id}", { owner: scope.owner, repo: scope.repo, runner_id: runnerId });
    } else {
      await octokit.request("DELETE /orgs/{org}/actions/runners/{runner_id}", { org: scope.owner, runner_id: runnerId });
    }
    return "removed";
  } catch (error) {
    if (error instanceof RequestError && error.status === 404) return "gone";
    if (error instanceof RequestError && error.status === 422) return "busy";
    throw toGitHubError(error, { method: "DELETE", path: `${runnersPath(scope)}/${runnerId}` });
  }
}
