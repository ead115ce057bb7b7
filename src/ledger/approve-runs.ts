import { execute, type Transition } from "./transition.js";

/**
 * A maintainer approved a pull request (its approval label, a check run's button): every run of
 * that repository for the pull request, or for its head commit, is approved. Returns how many runs
 * it approved; approving again changes nothing.
 */
export function* approveRuns(target: { repo: string; pullRequest?: number; headSha?: string; runId?: number }, by: string, now: string): Transition<number> {
  const where = target.runId !== undefined ? "run_id = ?" : target.pullRequest !== undefined ? "pull_request = ?" : "head_sha = ?";
  const value = target.runId ?? target.pullRequest ?? target.headSha ?? null;
  return yield* execute(`update runs set approved_by = ?, updated_at = ? where lower(repo) = lower(?) and ${where} and approved_by is null`, [by, now, target.repo, value]);
}
