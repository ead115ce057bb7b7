/**
 * What the ledger knows about one workflow run: where it came from (for fork pull requests) and
 * whether a maintainer approved it. Facts arrive in pieces (a job's webhook tells privacy and the
 * head commit, a `workflow_run` webhook or a look-up tells the trigger and the head repository),
 * so every field but the key may be unknown (null).
 */
export interface RunFacts {
  readonly runId: number;
  readonly repo: string;
  readonly installationId: number;
  readonly private?: boolean | null;
  readonly headSha?: string | null;
  readonly event?: string | null;
  readonly headRepo?: string | null;
  readonly headBranch?: string | null;
  readonly pullRequest?: number | null;
}

export interface RunRecord {
  readonly runId: number;
  readonly repo: string;
  readonly installationId: number;
  readonly private: boolean | null;
  readonly headSha: string | null;
  readonly event: string | null;
  readonly headRepo: string | null;
  readonly headBranch: string | null;
  readonly pullRequest: number | null;
  /** Who approved the run's pull request (`label ok-to-run by alice`), or null. */
  readonly approvedBy: string | null;
}

/** A check run offload posted for a job, and what it shows now. */
export interface CheckRunRecord {
  readonly jobId: number;
  readonly checkRunId: number;
  readonly posted: string;
}
