import type { Clock } from "../clock/clock.js";
import type { OffloadConfig } from "../config/config.js";
import type { EventBus } from "../events/event-bus.js";
import type { Ledger } from "../ledger/ledger.js";
import type { DeliveryRecord } from "../ledger/records.js";
import type { JobFact } from "./job-fact.js";
import { routeAnyJob } from "./scale-set/scale-set-routing.js";
import { describeDecision, explainDecision } from "./describe-decision.js";

/** What recording a found fact needs: the same effects as webhook intake. */
export interface FoundJobDeps {
  readonly ledger: Ledger;
  readonly config: OffloadConfig;
  readonly clock: Clock;
  readonly bus: EventBus;
  /** Asks the reconciler for a pass now; must return at once. */
  readonly wake: () => void;
}

export type FoundJobOutcome = "recorded" | "unchanged" | "duplicate" | "ignored";

/**
 * The synthetic delivery guid of a fact found by polling: the same job, status and attempt found
 * again is a duplicate, so repeated rounds write nothing.
 */
export function pollGuid(fact: Pick<JobFact, "jobId" | "status" | "runAttempt">): string {
  return `poll:${fact.jobId}:${fact.status}:${fact.runAttempt}`;
}

/**
 * Records a fact the poller or the start-up refresh found, through the path webhooks take
 * (`routeJob` → `recordJobFact` → `wake`), so a missed webhook is only a late fact. Jobs without
 * an offload label are not recorded: polling sees every job of every repository, and those are
 * not ours to remember. `note` replaces the job's reason afterwards.
 */
export async function recordFoundJob(deps: FoundJobDeps, fact: JobFact, note: string | null = null): Promise<FoundJobOutcome> {
  const routing = routeAnyJob(fact, deps.config);
  if (routing.kind === "ignored") return "ignored";
  const now = deps.clock.iso();
  const delivery: DeliveryRecord = {
    guid: pollGuid(fact),
    event: "workflow_job",
    action: fact.status,
    receivedAt: now,
    result: "accepted",
    reason: `found by the poller: ${describeDecision(fact, routing)}`,
    jobId: fact.jobId,
  };
  const outcome = await deps.ledger.recordJobFact({ delivery, fact, routing, now });
  if (outcome.duplicate) return "duplicate";
  deps.bus.emit("delivery:received", delivery);
  if (!outcome.changed) return "unchanged";
  if (note !== null) await deps.ledger.noteJob(fact.jobId, "poller", note, now);
  const reason = note ?? explainDecision(fact, routing, outcome);
  deps.bus.emit("job:updated", { jobId: fact.jobId, status: outcome.job?.status ?? fact.status, reason });
  // As for webhooks: only a change in some pool's queued demand gives the reconciler something to do.
  if (outcome.affectsDemand) deps.wake();
  return "recorded";
}
