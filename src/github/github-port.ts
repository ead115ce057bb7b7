import type { Secret } from "../config/secret.js";
import type { RunnerScope } from "../policy/runner-scope.js";

/** A self-hosted runner registration as GitHub reports it. */
export interface GitHubRunner {
  readonly id: number;
  readonly name: string;
  readonly status: "online" | "offline";
  readonly busy: boolean;
  readonly labels: readonly string[];
}

/** A workflow job as the REST API reports it (`GET /repos/{o}/{r}/actions/jobs/{id}`). */
export interface GitHubJob {
  readonly id: number;
  readonly runId: number;
  readonly runAttempt: number;
  readonly status: "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
  readonly conclusion: string | null;
  readonly labels: readonly string[];
  readonly runnerName: string | null;
}

/** What `generate-jitconfig` gave back: the registration id and the single-use runner config. */
export interface JitRunner {
  readonly runnerId: number;
  readonly jitConfig: Secret;
}

/** The outcome of removing a runner registration. `busy` means GitHub refused: it runs a job. */
export type RemoveRunnerOutcome = "removed" | "gone" | "busy";

/**
 * Everything the reconciler asks of GitHub, in our words. The real implementation
 * (`createGitHubClient`) authenticates as the App and caches installation tokens; every failure
 * is an `OffloadError` with code `OFFLOAD_GITHUB_API` or `OFFLOAD_GITHUB_AUTH`, whose `cause` keeps
 * the HTTP status.
 */
export interface GitHubPort {
  /** Registers a runner with exactly `labels` and returns its JIT config. Never a registration token. */
  createJitRunner(
    scope: RunnerScope,
    request: { name: string; labels: readonly string[]; runnerGroupId: number },
  ): Promise<JitRunner>;
  /** Removes a registration: GitHub refuses (422) while it runs a job, which is `busy`, not an error. */
  removeRunner(scope: RunnerScope, runnerId: number): Promise<RemoveRunnerOutcome>;
  /** All runner registrations in the scope (paginated), optionally only the one with `name`. */
  listRunners(scope: RunnerScope, options?: { name?: string }): Promise<GitHubRunner[]>;
  /** Re-reads one job; `null` when GitHub answers 404. */
  getJob(installationId: number, repoFullName: string, jobId: number): Promise<GitHubJob | null>;
}
