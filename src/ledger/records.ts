import type { JobFact } from "../intake/job-fact.js";
import type { PoolSpec, Routing } from "../policy/routing.js";
import type { RunnerState } from "../domain/runner-states.js";

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
/** Who holds a named lease (`leader`) and until when; see acquire-lease.ts. */
export interface LeaseRecord {
  readonly name: string;
  readonly holder: string;
  /** When this holder took it (renewals keep it). */
  readonly acquiredAt: string;
  readonly expiresAt: string;
}
