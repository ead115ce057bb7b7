import { Secret } from "../config/secret.js";
import type { JitRunner } from "./github-port.js";
import type { LaunchOctokitInstance } from "./offload-octokit.js";
import type { RunnerScope } from "../policy/runner-scope.js";
import { runnersPath } from "./runners-path.js";
import { toGitHubError } from "./to-github-error.js";

/**
 * `POST .../actions/runners/generate-jitconfig`, sent exactly once, through the lean
 * `LaunchOctokit` (no retry or throttling plugins: see offload-octokit.ts). It is not retried: after a 5xx or a timeout GitHub may already have created the runner, and a repeat with
 * the same name answers 409 for a registration whose JIT config we never received (it is only
 * returned once, so "adopting" it is impossible). The failure goes to the caller instead, which
 * retries with a new name (names are unique per attempt); an orphaned offline record is removed
 * by the orphan sweep or by GitHub after a day. A 409 is surfaced as such: `githubStatus(error)`
 * is 409. A rate-limit answer (403/429) fails the launch too; the pool backs off.
 */
export async function createJitRunner(
  octokit: LaunchOctokitInstance,
  scope: RunnerScope,
  request: { name: string; labels: readonly string[]; runnerGroupId: number },
): Promise<JitRunner> {
  const body = {
    name: request.name,
    runner_group_id: request.runnerGroupId,
    labels: [...request.labels],
    work_folder: "_work",
  };
  try {
    const { data } = scope.kind === "repo"
      ? await octokit.request("POST /repos/{owner}/{repo}/actions/runners/generate-jitconfig", { owner: scope.owner, repo: scope.repo, ...body })
      : await octokit.request("POST /orgs/{org}/actions/runners/generate-jitconfig", { org: scope.owner, ...body });
    return { runnerId: data.runner.id, jitConfig: new Secret(data.encoded_jit_config) };
  } catch (error) {
    throw toGitHubError(error, { method: "POST", path: `${runnersPath(scope)}/generate-jitconfig` });
  }
}
