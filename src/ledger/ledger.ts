import type { PlannedRunner } from "./claim-planned.js";
import type { CheckRunWork } from "./list-check-run-work.js";
import type { RunnerUsage } from "./list-runner-usage.js";
import type { QueuedRunJob } from "./list-public-queued-runs.js";
import type { JobNote } from "./note-job.js";
import type { PoolFacts } from "./pool-facts.js";
import type { PolicyFacts } from "./read-policy-facts.js";
import type { RefusedCount } from "./read-queue.js";
import type { RunFacts, RunRecord } from "./run-records.js";
import type { DeliveryRecord, JobEvent, JobRecord, LeaseRecord, PoolRecord, ReconcileSnapshot, RunnerRecord } from "./records.js";
import type { JobFact, JobStatus } from "../intake/job-fact.js";
import type { RunnerState } from "../domain/runner-states.js";
import type { PoolSpec, Routing } from "../policy/routing.js";
import type { ReportedDemand, ScaleSetMessageInput, ScaleSetMessageOutcome } from "./record-scale-set-message.js";
import type { ScaleSetSessionRecord } from "./scale-set-sessions.js";

export interface RecordFactOutcome {
  /** The delivery guid was seen before: nothing was written. */
  readonly duplicate: boolean;
  /** The fact moved the job (new job, higher status, or new runner assignment). */
  readonly changed: boolean;
  /**
   * The job entered or left its pool's queued demand (or changed pool): only then can the
   * reconciler have something new to do. A `completed` after `in_progress` changes nothing there.
   */
  readonly affectsDemand: boolean;
  readonly job: JobRecord | null;
}

export interface JobFilter {
  readonly status?: JobStatus;
  readonly repo?: string;
  readonly label?: string;
  readonly limit?: number;
  readonly beforeJobId?: number;
}

/**
 * The single source of truth. Every method is one transaction; every timestamp is passed in
 * (ISO 8601) so tests control time. Implementations: SQLite (embedded default) and PostgreSQL,
 * behind this one interface; failures are `OffloadError` `OFFLOAD_LEDGER`.
 */
export interface Ledger {
  /**
   * Records one fact about a job in one transaction: the delivery (deduplicated by guid; a
   * duplicate writes nothing), the job (status only moves forward; a fact for an older run
   * attempt is ignored), the job's event history, its pool, and, when the fact is `in_progress`
   * on one of our runners, that runner becoming busy.
   */
  recordJobFact(input: { delivery: DeliveryRecord | null; fact: JobFact; routing: Routing; now: string }): Promise<RecordFactOutcome>;
  /** A delivery that carries no job (ping, other events). */
  recordDelivery(delivery: DeliveryRecord): Promise<{ duplicate: boolean }>;

  /** Pools, queued jobs per pool and active runners, read consistently. */
  snapshot(): Promise<ReconcileSnapshot>;
  /**
   * The facts of every pool with work (a queued job, a runner that has not ended), and of the
   * pools in `alsoKeys`: queued jobs, supply and busy runners, counted in one place. The planner,
   * the dashboard, `/api/pools`, `offload status` and `/metrics` all read this.
   */
  poolFacts(options?: { alsoKeys?: readonly string[] }): Promise<PoolFacts[]>;
  /** `poolFacts` of the pools with work, and the refused queued jobs counted by reason: one meaning of "queued". */
  queue(): Promise<{ pools: PoolFacts[]; refused: RefusedCount[] }>;
  /**
   * In one transaction: locks these pools' rows, reads their facts afresh, asks `plan` (the
   * reconciler's pure planner, called synchronously) which runners to launch, and writes them
   * `planned`. Exact with several dispatcher replicas on one database. Returns what it wrote.
   */
  claimPlanned(input: {
    poolKeys: readonly string[];
    now: string;
    policy?: { readonly limits: boolean; readonly forks: boolean };
    plan: (facts: readonly PoolFacts[], policy: PolicyFacts) => readonly PlannedRunner[];
  }): Promise<PlannedRunner[]>;

  /**
   * Writes runners in state `planned` exactly as given and returns their names (tests and tools;
   * the reconciler claims through `claimPlanned`). Names are unique; a name taken already throws.
   */
  claimRunners(plans: readonly { name: string; poolKey: string; provider: string; forJobId: number | null }[], now: string): Promise<string[]>;
  markRunnerRegistered(name: string, githubRunnerId: number, now: string): Promise<void>;
  /** The compute started; with `note`, also written in that job's history in the same transaction. */
  markRunnerLaunched(name: string, computeId: string, now: string, note?: JobNote): Promise<void>;
  /** GitHub gave the runner a job (`jobId` null when only GitHub's refusal to remove it told us). */
  markRunnerBusy(name: string, jobId: number | null, now: string): Promise<void>;
  /**
   * Marks a surplus runner cancelling; false when it cannot be (busy, ended) or, with
   * `stillSurplus`, when the planner, asked again with the pool's facts read under its lock, no
   * longer retires a runner there (a job queued since the pass keeps the runner).
   */
  markRunnerCancelling(name: string, reason: string, now: string, options?: { stillSurplus?: (facts: PoolFacts) => boolean }): Promise<boolean>;
  markRunnerEnded(name: string, state: Extract<RunnerState, "finished" | "cancelled" | "failed">, reason: string, now: string): Promise<void>;

  /** A launch for the pool failed: count it and hold further launches until `retryAt`. */
  recordPoolFailure(poolKey: string, error: string, retryAt: string, now: string): Promise<void>;
  /** A launch for the pool succeeded: the failure count starts again. */
  recordPoolSuccess(poolKey: string, now: string): Promise<void>;
  /** Writes pools known before any job (warm pools), so they can be locked and claimed for. */
  ensurePools(pools: readonly PoolSpec[], now: string): Promise<void>;
  /** A person said "try now": the pool's backoff and failure count end. The pool, or null when unknown. */
  clearPoolBackoff(poolKey: string, now: string): Promise<PoolRecord | null>;
  /**
   * Stores the fingerprint of the launch configuration; when it changed since the last start,
   * clears every pool's backoff and returns their keys.
   */
  noteLaunchConfig(fingerprint: string, now: string): Promise<string[]>;

  /** Appends to a job's history and sets its current reason (what a person sees it waiting for). */
  noteJob(jobId: number, kind: string, detail: string, now: string): Promise<void>;

  listJobs(filter?: JobFilter): Promise<JobRecord[]>;
  getJob(jobId: number): Promise<JobRecord | null>;
  jobEvents(jobId: number): Promise<JobEvent[]>;
  listRunners(filter?: { active?: boolean; poolKey?: string; limit?: number }): Promise<RunnerRecord[]>;
  getRunner(name: string): Promise<RunnerRecord | null>;
  listPools(): Promise<PoolRecord[]>;
  listDeliveries(limit: number): Promise<DeliveryRecord[]>;
  /** Which of these delivery guids are recorded (redelivery asks before it asks GitHub to send one again). */
  findKnownDeliveries(guids: readonly string[]): Promise<Set<string>>;

  /** Merges what a webhook or a look-up told about a workflow run (fields it does not know stay). */
  recordRunFacts(facts: RunFacts, now: string): Promise<void>;
  /** A maintainer approved a pull request: its runs are approved; returns how many. */
  approveRuns(target: { repo: string; pullRequest?: number; headSha?: string; runId?: number }, by: string, now: string): Promise<number>;
  /** Gives held queued jobs the planner's reason where it differs (one history line per change). */
  noteHeldJobs(jobIds: readonly number[], reason: string, now: string): Promise<number>;
  /** Queued jobs of runs not known to be private, with their runs (fork holds decide on them). */
  publicQueuedRuns(): Promise<QueuedRunJob[]>;
  /** The runs of these ids the ledger knows. */
  listRuns(runIds: readonly number[]): Promise<RunRecord[]>;
  /** Jobs whose check run must be posted or updated (see list-check-run-work.ts). */
  checkRunWork(input: { queuedBefore: string; seenAfter: string; limit: number }): Promise<CheckRunWork[]>;
  /** The check run posted for a job and what it shows now. */
  recordCheckRun(jobId: number, checkRunId: number, posted: string, now: string): Promise<void>;
  /** Runners whose compute ran at `since` or later, for cost reports and budgets. */
  runnerUsage(since: string): Promise<RunnerUsage[]>;
  /**
   * Takes or renews the lease `name` for `holder` until `expiresAt` unless another holder's is
   * still valid at `now`; returns who holds it afterwards (leader election among replicas).
   */
  acquireLease(input: { name: string; holder: string; now: string; expiresAt: string }): Promise<LeaseRecord>;
  /** Gives up `holder`'s lease at once; false when it held none. */
  releaseLease(name: string, holder: string): Promise<boolean>;
  /** Scale-set intake (issue #15): one long-poll message as facts, before it is acknowledged. */
  recordScaleSetMessage(input: ScaleSetMessageInput): Promise<ScaleSetMessageOutcome>;
  /** GitHub's statistics for a scale-set pool when no message carried them (a new session). */
  recordReportedDemand(demand: ReportedDemand): Promise<void>;
  /** The demand GitHub reports per scale-set pool, for the launch planner. */
  reportedDemand(): Promise<ReportedDemand[]>;
  /** The session a scale set holds; forgetting leaves a newer one alone. */
  saveScaleSetSession(record: ScaleSetSessionRecord): Promise<void>;
  forgetScaleSetSession(scaleSet: string, sessionId: string): Promise<void>;
  findScaleSetSession(scaleSet: string): Promise<ScaleSetSessionRecord | null>;

  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
