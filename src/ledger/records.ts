import type { RunnerScope } from "../github/runner-scope.js";

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

/** How to start runners for one pool: the same on every launch. */
export interface PoolSpec {
  /** `<scope>|g<runnerGroupId>|<sorted lower-case labels joined by ,>` */
  readonly key: string;
  readonly scope: RunnerScope;
  readonly runnerGroupId: number;
  /** Exactly the labels the runner is registered with: the job's labels, lower-cased, sorted, unique. */
  readonly labels: readonly string[];
  readonly provider: string;
  readonly flavor: string;
  readonly image: string;
  readonly timeoutSeconds: number;
}

/**
 * Intake's verdict on a job: served by a pool, ignored (not ours: no offload label), or refused
 * (ours but not launchable: unknown flavor, repo not allowed...). `reason` is shown to people.
 */
export type Routing =
  | { readonly kind: "pool"; readonly pool: PoolSpec }
  | { readonly kind: "ignored"; readonly reason: string }
  | { readonly kind: "refused"; readonly code: string; readonly reason: string };

export interface DeliveryRecord {
  /** `X-GitHub-Delivery`, or a synthetic id for facts found by polling (`poll:<jobId>:<status>`). */
  readonly guid: string;
  readonly event: string;
  readonly action: string | null;
  readonly receivedAt: string;
  /** `accepted`, `duplicate`, `ignored`, `rejected` */
  readonly result: "accepted" | "duplicate" | "ignored" | "rejected";
  /** Why, in words a person understands (`no offload label`, `bad signature`). */
  readonly reason: string;
  readonly jobId: number | null;
}

/** A job as the ledger holds it. */
export interface JobRecord extends JobFact {
  /** Pool that serves it; null when ignored or refused. */
  readonly poolKey: string | null;
  readonly routing: Routing["kind"];
  /** The latest explanation of what is happening to it. */
  readonly reason: string;
  readonly flavor: string | null;
  readonly firstSeenAt: string;
  readonly updatedAt: string;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
}

export interface JobEvent {
  readonly jobId: number;
  readonly at: string;
  /** `queued`, `waiting`, `in_progress`, `completed`, `runner:planned`, `runner:launched`, `decision`, ... */
  readonly kind: string;
  readonly detail: string;
}

/** Runner lifecycle. `planned` is written before any effect so a crash never launches twice. */
export const RUNNER_STATES = [
  "planned", // claimed in the ledger; nothing created yet
  "registered", // JIT runner created on GitHub (runnerId set); compute not started
  "launched", // compute started (computeId set); runner booting or idle
  "busy", // GitHub gave it a job
  "cancelling", // surplus: registration being removed, then compute stopped
  "finished", // compute ended after taking a job
  "cancelled", // removed as surplus before taking a job
  "failed", // could not be created, or its compute ended before it took a job
] as const;
export type RunnerState = (typeof RUNNER_STATES)[number];

/** States whose runner can still take a queued job: the pool's supply. */
export const IDLE_RUNNER_STATES: readonly RunnerState[] = ["planned", "registered", "launched"];
export const TERMINAL_RUNNER_STATES: readonly RunnerState[] = ["finished", "cancelled", "failed"];

export interface RunnerRecord {
  readonly name: string;
  readonly poolKey: string;
  readonly provider: string;
  readonly state: RunnerState;
  /** The queued job whose demand caused it; GitHub may give it another job of the pool. */
  readonly forJobId: number | null;
  /** The job it actually took (from `in_progress`). */
  readonly tookJobId: number | null;
  readonly githubRunnerId: number | null;
  readonly computeId: string | null;
  readonly reason: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly launchedAt: string | null;
  readonly busyAt: string | null;
  readonly endedAt: string | null;
}

export interface PoolRecord extends PoolSpec {
  /** Consecutive failed launches; reset by a successful one. */
  readonly failures: number;
  /** No launch before this instant (ISO) after a failure; null when not backing off. */
  readonly retryAt: string | null;
  readonly lastError: string | null;
}

/** Everything a reconcile pass decides from: read in one consistent snapshot. */
export interface ReconcileSnapshot {
  readonly pools: readonly PoolRecord[];
  /** Queued jobs per pool key, oldest first. */
  readonly queued: ReadonlyMap<string, readonly { jobId: number; createdAt: string }[]>;
  /** Runners not in a terminal state. */
  readonly runners: readonly RunnerRecord[];
}
