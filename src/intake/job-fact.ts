/** GitHub's job statuses, ranked: a fact never moves a job back to a lower rank (deliveries arrive out of order). */
export const JOB_STATUS_RANK = { waiting: 1, queued: 1, in_progress: 2, completed: 3 } as const;
export type JobStatus = keyof typeof JOB_STATUS_RANK;

/** What intake, the poller or redelivery learned about one workflow job at one moment. */
export interface JobFact {
  readonly jobId: number;
  readonly runId: number;
  readonly runAttempt: number;
  /** `owner/name` as GitHub spells it. */
  readonly repo: string;
  readonly ownerType: "User" | "Organization";
  readonly installationId: number;
  readonly status: JobStatus;
  readonly conclusion: string | null;
  /** The workflow's `runs-on` labels, case as written. */
  readonly labels: readonly string[];
  readonly name: string;
  readonly workflowName: string | null;
  readonly headBranch: string | null;
  readonly htmlUrl: string | null;
  /** The runner that actually took the job (null, 0 and "" all mean none). */
  readonly runnerName: string | null;
  readonly runnerId: number | null;
  /** When GitHub created the job (ISO 8601). */
  readonly createdAt: string;
}
