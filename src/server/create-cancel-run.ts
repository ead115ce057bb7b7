import { OffloadError } from "../errors/offload-error.js";
import type { GitHubClient } from "../github/create-github-client.js";
import { githubStatus, toGitHubError } from "../github/to-github-error.js";
import type { CancelRun } from "./cancel-route.js";

/**
 * The real `CancelRun`: `POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel` with the
 * installation's token (github-protocol.md §6.3). GitHub answers 403 when the App lacks
 * `actions: write` and 409 when the run has already finished; both become errors that say so.
 */
export function createCancelRun(github: Pick<GitHubClient, "installationOctokit">): CancelRun {
  return async (repo, runId, installationId) => {
    const [owner = "", name = ""] = repo.split("/");
    const call = { method: "POST", path: `/repos/${repo}/actions/runs/${runId}/cancel` };
    try {
      await github.installationOctokit(installationId).request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel", { owner, repo: name, run_id: runId });
    } catch (error) {
      const status = githubStatus(error);
      const failure = toGitHubError(error, call);
      if (status === 403) {
        throw new OffloadError("OFFLOAD_GITHUB_API", failure.message, {
          cause: error,
          remedy: "Cancelling needs the App permission 'Actions: Read and write': add it in the App's settings (Permissions & events), then accept it in each installation.",
        });
      }
      if (status === 409) throw new OffloadError("OFFLOAD_CANCEL_REFUSED", failure.message, { cause: error });
      throw failure;
    }
  };
}
