import { appendJobEvent } from "./append-job-event.js";
import { decideJobFact, type JobFactDecision } from "./decide-job-fact.js";
import type { DialectProfile } from "./dialect.js";
import { findJob } from "./find-job.js";
import { findRunner } from "./find-runner.js";
import type { RecordFactOutcome } from "./ledger.js";
import type { LedgerDb } from "./ledger-database.js";
import { busyPatch } from "./mark-runner-busy.js";
import { recordDelivery } from "./record-delivery.js";
import { IDLE_RUNNER_STATES, type DeliveryRecord, type JobFact, type JobRecord, type Routing } from "./records.js";
import { insertJob, updateJob } from "./save-job.js";
import { updateRunner } from "./update-runner.js";
import { upsertPool } from "./upsert-pool.js";

export interface JobFactInput {
  readonly delivery: DeliveryRecord | null;
  readonly fact: JobFact;
  readonly routing: Routing;
  readonly now: string;
}

/** The heart of intake's write: one fact, its delivery, its history, its pool, its runner. */
export async function recordJobFact(db: LedgerDb, dialect: DialectProfile, input: JobFactInput): Promise<RecordFactOutcome> {
  const { delivery, fact, routing, now } = input;
  if (delivery !== null && (await recordDelivery(db, delivery)).duplicate) {
    return { duplicate: true, changed: false, affectsDemand: false, job: await findJob(db, dialect, fact.jobId) };
  }
  const decide = (existing: JobRecord | null): JobFactDecision =>
    decideJobFact({ existing, fact, routing, guid: delivery?.guid ?? null, now });

  const existing = await findJob(db, dialect, fact.jobId, true);
  let decision = decide(existing);
  if (decision.kind === "write" && existing === null && !(await insertJob(db, decision.job))) {
    // Another transaction (another replica on PostgreSQL) stored this job first: decide again
    // against what it wrote, now locked.
    decision = decide(await findJob(db, dialect, fact.jobId, true));
    if (decision.kind === "write") await updateJob(db, decision.job);
  } else if (decision.kind === "write" && existing !== null) {
    await updateJob(db, decision.job);
  }

  if (decision.kind === "stale") {
    await appendJobEvent(db, { jobId: fact.jobId, at: now, kind: decision.status, detail: decision.detail });
    return { duplicate: false, changed: false, affectsDemand: false, job: await findJob(db, dialect, fact.jobId) };
  }
  const { job, changed } = decision;
  if (routing.kind === "pool") await upsertPool(db, routing.pool, now);
  await appendJobEvent(db, { jobId: job.jobId, at: now, kind: job.status, detail: decision.detail });
  const taken =
    (job.status === "in_progress" || job.status === "completed") && job.runnerName !== null ? await takeRunner(db, dialect, job.runnerName, job.jobId, now) : null;
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
async function takeRunner(db: LedgerDb, dialect: DialectProfile, runnerName: string, jobId: number, now: string): Promise<{ poolKey: string; wasIdle: boolean } | null> {
  const runner = await findRunner(db, dialect, runnerName, true);
  if (runner === null) return null;
  await updateRunner(db, runner.name, busyPatch(runner, jobId, now));
  return { poolKey: runner.pool_key, wasIdle: (IDLE_RUNNER_STATES as readonly string[]).includes(runner.state) };
}
