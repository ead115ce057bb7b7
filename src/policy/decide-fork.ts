import type { ForkPolicy } from "./policy.js";

/** Where a workflow run came from, as `GET /repos/{o}/{r}/actions/runs/{id}` tells it. */
export interface RunOrigin {
  /** The run's trigger: `pull_request`, `pull_request_target`, `push`, ... */
  readonly event: string;
  /** `owner/name` of the run's repository (the base). */
  readonly repo: string;
  /** `owner/name` of the head repository; differs from `repo` for a fork's pull request. */
  readonly headRepo: string | null;
  readonly private: boolean;
  /** The pull request's number when known (to look for the approval label). */
  readonly pullRequest: number | null;
}

export type ForkVerdict =
  | { readonly action: "launch"; readonly reason: string | null }
  | { readonly action: "sandbox"; readonly flavor: string; readonly timeoutSeconds: number; readonly reason: string }
  | { readonly action: "hold"; readonly reason: string }
  | { readonly action: "deny"; readonly reason: string };

/** True when the run was triggered by a pull request whose head lives in another repository. */
export function isForkPullRequest(origin: RunOrigin): boolean {
  return origin.event.startsWith("pull_request") && origin.headRepo !== null && origin.headRepo.toLowerCase() !== origin.repo.toLowerCase();
}

/**
 * What a job of a fork's pull request gets, a pure function of where its run came from, the
 * policy and whether a maintainer approved it (the approval label on the pull request). Runs that
 * are not from a fork launch as usual. Self-hosted runners on public repositories run untrusted
 * code from forks, hence `hold` by default for public repositories.
 */
export function decideFork(origin: RunOrigin, policy: ForkPolicy, approved: boolean): ForkVerdict {
  if (!isForkPullRequest(origin)) return { action: "launch", reason: null };
  const action = origin.private ? policy.private : policy.public;
  const from = `pull request${origin.pullRequest === null ? "" : ` #${origin.pullRequest}`} from fork ${origin.headRepo ?? "?"}`;
  if (approved && action === "hold") return { action: "launch", reason: `${from} approved with label '${policy.approveLabel}'` };
  switch (action) {
    case "allow":
      return { action: "launch", reason: null };
    case "deny":
      return { action: "deny", reason: `${from}: offload does not run forks' pull requests on ${origin.repo} (policy.forkPullRequests in offload.yaml); run it on a GitHub-hosted runner instead` };
    case "sandbox":
      return { action: "sandbox", flavor: policy.sandbox.flavor, timeoutSeconds: policy.sandbox.timeoutSeconds, reason: `${from}: runs in the sandbox flavor ${policy.sandbox.flavor} with a ${Math.round(policy.sandbox.timeoutSeconds / 60)} min limit` };
    case "hold":
      return { action: "hold", reason: `${from}: held until a maintainer adds the label '${policy.approveLabel}' to the pull request` };
  }
}
