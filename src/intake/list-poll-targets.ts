import type { GitHubRepository } from "../github/list-installation-repos.js";
import { listInstallationRepos } from "../github/list-installation-repos.js";
import { listInstallations, type GitHubInstallation } from "../github/list-installations.js";
import type { MissedWorkDeps } from "./missed-work-deps.js";
import type { PollTarget } from "./plan-poll-round.js";

interface Cached<T> {
  readonly at: number;
  readonly value: T;
}

/** Installations and their repositories, remembered between rounds: they change rarely and cost a call each. */
export interface TargetCache {
  installations: Cached<GitHubInstallation[]> | null;
  readonly repos: Map<number, Cached<GitHubRepository[]>>;
}

export function createTargetCache(): TargetCache {
  return { installations: null, repos: new Map() };
}

/**
 * Every repository the App can read, through the installation that can read it, limited to
 * ALLOWED_GITHUB_REPOSITORIES when that is set (other repositories' jobs are refused anyway).
 * A list older than `ttlMs` is read again when the budget allows; otherwise the old one serves.
 */
export async function listPollTargets(deps: MissedWorkDeps, cache: TargetCache, ttlMs: number): Promise<PollTarget[]> {
  const now = deps.clock.now();
  const fresh = <T>(entry: Cached<T> | null | undefined): entry is Cached<T> => entry != null && now - entry.at < ttlMs;

  if (!fresh(cache.installations) && deps.budget.allows("app", now)) {
    cache.installations = { at: now, value: await listInstallations(deps.github.appOctokit()) };
    deps.budget.observe("app");
  }
  const targets: PollTarget[] = [];
  for (const installation of cache.installations?.value ?? []) {
    const cached = cache.repos.get(installation.id);
    if (!fresh(cached) && deps.budget.allows(installation.id, now)) {
      try {
        cache.repos.set(installation.id, { at: now, value: await listInstallationRepos(deps.github.installationOctokit(installation.id)) });
        deps.budget.observe(installation.id);
      } catch (error) {
        deps.log.warn({ err: error, installation: installation.id }, "could not list an installation's repositories; using the last list");
      }
    }
    for (const repo of cache.repos.get(installation.id)?.value ?? []) {
      targets.push({ installationId: installation.id, repo: repo.fullName, ownerType: repo.ownerType });
    }
  }
  const allowed = deps.config.allowedRepositories;
  return allowed === null ? targets : targets.filter((target) => allowed.has(target.repo.toLowerCase()));
}
