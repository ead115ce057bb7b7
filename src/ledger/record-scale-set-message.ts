import { appendJobEvent } from "./append-job-event.js";
import type { DialectProfile } from "./dialect.js";
import { findJob } from "./find-job.js";
import { recordJobFact } from "./record-job-fact.js";
import type { JobFact } from "../intake/job-fact.js";
import type { Routing } from "../policy/routing.js";
import { updateRow, execute, selectRow, type Transition } from "./transition.js";

/** What GitHub's statistics say about one scale-set pool (actions/scaleset types.go l.133-141). */
export interface ReportedDemand {
  readonly poolKey: string;
  readonly scaleSet: string;
  readonly assignedJobs: number;
  readonly runningJobs: number;
  readonly availableJobs: number;
  readonly registeredRunners: number;
  readonly busyRunners: number;
  readonly idleRunners: number;
  /** The pool's warm target from offload.yaml. */
  readonly warm: number;
  readonly reportedAt: string;
}

/** One message of a scale set's long poll, turned into facts by the intake. */
export interface ScaleSetMessageInput {
  /** `<scope>|<scale set name>`: whose message queue it came from. */
  readonly scaleSet: string;
  readonly messageId: number;
  /** e.g. `JobAssigned×2, JobStarted×1`. */
  readonly summary: string;
  /** Job facts in message order; `reopen` marks a JobAssigned that may follow a canceled assignment. */
  readonly facts: readonly { fact: JobFact; routing: Routing; reopen: boolean; note: string | null }[];
  readonly demand: ReportedDemand | null;
  readonly now: string;
}

export interface ScaleSetMessageOutcome {
  /** The message was recorded before (delivered again after a crash): nothing was written. */
  readonly duplicate: boolean;
  /** Some job entered or left queued demand. */
  readonly affectsDemand: boolean;
}

/**
 * Records one scale-set message in one transaction, before the intake acknowledges it: the
 * message id (so a redelivery writes nothing twice), each job fact through the same transition
 * webhooks use, and the statistics as the pool's reported demand.
 */
export function* recordScaleSetMessage(dialect: DialectProfile, input: ScaleSetMessageInput): Transition<ScaleSetMessageOutcome> {
  const inserted = yield* execute(
    "insert into scale_set_messages (scale_set, message_id, received_at, summary) values (?, ?, ?, ?) on conflict (scale_set, message_id) do nothing",
    [input.scaleSet, input.messageId, input.now, input.summary],
  );
  if (inserted === 0) return { duplicate: true, affectsDemand: false };
  let affectsDemand = false;
  for (const { fact, routing, reopen, note } of input.facts) {
    if (reopen) affectsDemand = (yield* reopenJob(dialect, fact.jobId, input.now)) || affectsDemand;
    const outcome = yield* recordJobFact(dialect, { delivery: null, fact, routing, now: input.now });
    affectsDemand = affectsDemand || outcome.affectsDemand;
    if (note !== null) yield* appendJobEvent({ jobId: fact.jobId, at: input.now, kind: "scale-set", detail: note });
  }
  if (input.demand !== null) yield* saveReportedDemand(input.demand);
  return { duplicate: false, affectsDemand };
}

/**
 * GitHub completes an assignment no runner took as canceled and offers the job again, up to 3
 * times (peers.md §11, ARC's scale-set docs): a JobAssigned after such a completion makes the
 * job queued again instead of being ignored as older than `completed`.
 */
function* reopenJob(dialect: DialectProfile, jobId: number, now: string): Transition<boolean> {
  const job = yield* findJob(dialect, jobId, true);
  if (job === null || job.status !== "completed" || job.conclusion !== "cancelled" || job.runnerName !== null) return false;
  const times = yield* selectRow<{ n: number }>("select count(*) as n from job_events where job_id = ? and kind = 'scale-set:reassigned'", [jobId]);
  yield* updateRow("jobs", "job_id", jobId, { status: "queued", conclusion: null, completed_at: null, reason: "waiting for a runner", updated_at: now });
  yield* appendJobEvent({ jobId, at: now, kind: "scale-set:reassigned", detail: `GitHub assigned the job again after no runner took it (reassignment ${Number(times?.n ?? 0) + 1} of at most 3)` });
  return true;
}

function* saveReportedDemand(demand: ReportedDemand): Transition<void> {
  yield* execute(
    "insert into reported_demand (pool_key, scale_set, assigned_jobs, running_jobs, available_jobs, registered_runners, busy_runners, idle_runners, warm, reported_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) " +
      "on conflict (pool_key) do update set scale_set = excluded.scale_set, assigned_jobs = excluded.assigned_jobs, running_jobs = excluded.running_jobs, available_jobs = excluded.available_jobs, " +
      "registered_runners = excluded.registered_runners, busy_runners = excluded.busy_runners, idle_runners = excluded.idle_runners, warm = excluded.warm, reported_at = excluded.reported_at",
    [demand.poolKey, demand.scaleSet, demand.assignedJobs, demand.runningJobs, demand.availableJobs, demand.registeredRunners, demand.busyRunners, demand.idleRunners, demand.warm, demand.reportedAt],
  );
}

/** Records GitHub's statistics alone (the session's first ones, or a 202 with none new). */
export function* recordReportedDemand(demand: ReportedDemand): Transition<void> {
  yield* saveReportedDemand(demand);
}
