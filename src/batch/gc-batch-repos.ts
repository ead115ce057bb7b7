import { toGitHubError } from "../github/to-github-error.js";
import { isBatchRepoName } from "./batch-repo-name.js";
import type { BatchGitHub } from "./batch-github.js";

/** A repository as gc sees it. */
export interface RepoListing {
  readonly owner: string;
  readonly name: string;
  readonly createdAt: string;
}

/**
 * Which repositories gc removes: only names offload batch makes (prefix, timestamp, random
 * tail: a user's `offload-batch-notes` does not match), owned by `owner`, created before
 * `now - olderThanMs`. Pure, so the rule is tested by table.
 */
export function selectBatchGarbage(repos: readonly RepoListing[], rule: { owner: string; olderThanMs: number; now: number }): RepoListing[] {
  return repos.filter(
    (repo) =>
      isBatchRepoName(repo.name) &&
      repo.owner.toLowerCase() === rule.owner.toLowerCase() &&
      Date.parse(repo.createdAt) <= rule.now - rule.olderThanMs,
  );
}

/** Lists the owner's repositories, removes the batch leftovers, returns what was removed. */
export async function gcBatchRepos(github: BatchGitHub, input: { owner: string; olderThanMs: number; now: number; dryRun: boolean }): Promise<RepoListing[]> {
  const { octokit, identity } = github;
  const own = identity.type === "User" && identity.login.toLowerCase() === input.owner.toLowerCase();
  const path = own ? "/user/repos" : `/orgs/${input.owner}/repos`;
  let listed: { owner: { login: string }; name: string; created_at?: string | null }[];
  try {
    listed = own
      ? await octokit.paginate("GET /user/repos", { affiliation: "owner", per_page: 100 })
      : await octokit.paginate("GET /orgs/{org}/repos", { org: input.owner, per_page: 100 });
  } catch (error) {
    throw toGitHubError(error, { method: "GET", path });
  }
  const repos = listed.map((repo) => ({ owner: repo.owner.login, name: repo.name, createdAt: repo.created_at ?? new Date(0).toISOString() }));
  const garbage = selectBatchGarbage(repos, input);
  if (input.dryRun) return garbage;
  for (const repo of garbage) {
    await octokit.request("DELETE /repos/{owner}/{repo}", { owner: repo.owner, repo: repo.name }).catch((error: unknown) => {
      throw toGitHubError(error, { method: "DELETE", path: `/repos/${repo.owner}/${repo.name}` });
    });
  }
  return garbage;
}
