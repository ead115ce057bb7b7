import { OffloadError } from "../errors/offload-error.js";
import type { RunnerScope } from "../policy/runner-scope.js";

/**
 * Where a job's runner registers. Organisation runners exist only for organisation-owned
 * repositories (a user account has no `/orgs/{org}/actions/runners`), so a user's repository
 * always gets repository scope, whatever the configuration prefers.
 */
export function chooseRunnerScope(input: {
  installationId: number;
  /** `owner/name`, as `repository.full_name` gives it. */
  repo: string;
  ownerType: "User" | "Organization";
  preferred: "repo" | "org";
}): RunnerScope {
  const [owner, repo, ...rest] = input.repo.split("/");
  if (!owner || !repo || rest.length > 0) {
    throw new OffloadError("OFFLOAD_WEBHOOK_BAD_REQUEST", `repository '${input.repo}' in the job: expected owner/name`);
  }
  if (input.preferred === "org" && input.ownerType === "Organization") {
    return { kind: "org", installationId: input.installationId, owner };
  }
  return { kind: "repo", installationId: input.installationId, owner, repo };
}
