import type { RunnerScope } from "../policy/runner-scope.js";

/** `/repos/{owner}/{repo}/actions/runners` or `/orgs/{org}/actions/runners`, for error messages. */
export function runnersPath(scope: RunnerScope): string {
  return scope.kind === "repo"
    ? `/repos/${scope.owner}/${scope.repo}/actions/runners`
    : `/orgs/${scope.owner}/actions/runners`;
}
