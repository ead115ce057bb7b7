import { appendJobEvent } from "./append-job-event.js";
import { decideJobFact, type JobFactDecision } from "./decide-job-fact.js";
import type { DialectProfile } from "./dialect.js";
import { findJob } from "./find-job.js";
import { findRunner } from "./find-runner.js";
import type { RecordFactOutcome } from "./ledger.js";
import { busyPatch } from "./mark-runner-busy.js";
import { recordDelivery } from "./record-delivery.js";
import { IDLE_RUNNER_STATES } from "../domain/runner-states.js";
import type { DeliveryRecord, JobRecord } from "./records.js";
import type { JobFact } from "../intake/job-fact.js";
import type { Routing } from "../policy/routing.js";
import { insertJob, updateJob } from "./save-job.js";
import { updateRunner } from "./update-runner.js";
import { upsertPool } from "./upsert-pool.js";
import type { Transition } from "./transition.js";

export interface JobFactInput {
  readonly delivery: DeliveryRecord | null;
  readonly fact: JobFact;
  readonly routing: Routing;
  readonly now: string;
}

/** The heart of intake's write: one fact, its delivery, its history, its pool, its runner. */
export function* recordJobFact(dialect: DialectProfile, input: JobFactInput): Transition<RecordFactOutcome> {
  const { delivery, fact, routing, now } = input;
  if (delivery !== null && (yield* recordDelivery(delivery)).duplicate) {
    return { duplicate: true, changed: false, affectsDemand: false, job: yield* findJob(dialect, fact.jobId) };
  }
  const decide = (existing: JobRecord | null): JobFactDecision =>
    decideJobFact({ existing, fact, routing, guid: delivery?.guid ?? null, now });

  const existing = yield* findJob(dialect, fact.jobId, true);
  let decision = decide(existing);
  if (decision.kind === "write" && existing === null && !(yield* insertJob(decision.job))) {
    // Another transaction (another replica on PostgreSQL) stored this job first: decide again
    // against what it wrote, now locked.
    decision = decide(yield* findJob(dialect, fact.jobId, true));
    if (decision.kind === "write") yield* updateJob(decision.job);
  } else if (decision.kind === "write" && existing !== null) {
    yield* updateJob(decision.job);
  }

  if (decision.kind === "stale") {
    yield* appendJobEvent({ jobId: fact.jobId, at: now, kind: decision.status, detail: decision.detail });
    return { duplicate: false, changed: false, affectsDemand: false, job: yield* findJob(dialect, fact.jobId) };
  }
  const { job, changed } = decision;
  if (routing.kind === "pool") yield* upsertPool(routing.pool, now);
  yield* appendJobEvent({ jobId: job.jobId, at: now, kind: job.status, detail: decision.detail });
  const taken =
    (job.status === "in_progress" || job.status === "completed") && job.runnerName !== null ? yield* takeRunner(dialect, job.runnerName, job.jobId, now) : null;
  // A queued job taken by one of its own pool's idle runners leaves demand and supply both one
  // lower: the pool's balance, all the reconciler looks at, is unchanged.
  const balanced = taken !== null && taken.wasIdle && taken.poolKey === demandKey(existing);
  return { duplicate: false, changed, affectsDemand: changed && demandKey(existing) !== demandKey(job) && !balanced, job };
}

/** The pool a job counts as queued demand in, or null when it is no demand at all. */
function demandKey(job: JobRecord | null): string | null {
  return job !== null && job.status === "queued" && job.routing === "pool" ? job.poolKey : null;
}

/** When the runner that took the job is one of ours, it is busy now (it may have been planned for another job). */
function* takeRunner(dialect: DialectProfile, runnerName: string, jobId: number, now: string): Transition<{ poolKey: string; wasIdle: boolean } | null> {
  const runner = yield* findRunner(dialect, runnerName, true);
  if (runner === null) return null;
  yield* updateRunner(runner.name, busyPatch(runner, jobId, now));
  return { poolKey: runner.pool_key, wasIdle: (IDLE_RUNNER_STATES as readonly string[]).includes(runner.state) };
}
