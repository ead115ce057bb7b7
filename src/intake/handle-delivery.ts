import type { Clock } from "../clock/clock.js";
import type { OffloadConfig } from "../config/config.js";
import type { EventBus } from "../events/event-bus.js";
import type { Ledger } from "../ledger/ledger.js";
import { JOB_STATUS_RANK } from "./job-fact.js";
import type { DeliveryRecord } from "../ledger/records.js";
import { routeAnyJob } from "./scale-set/scale-set-routing.js";
import { describeDecision, explainDecision } from "./describe-decision.js";
import { parseWorkflowJobPayload } from "./parse-workflow-job-payload.js";
import { handleRunEvent, RUN_EVENTS } from "./handle-run-event.js";
import { runFactsFromJobPayload } from "./parse-run-payloads.js";

/** What intake needs; all effects are here, so tests pass a memory ledger and a fake clock. */
export interface DeliveryDeps {
  readonly ledger: Ledger;
  readonly config: OffloadConfig;
  readonly clock: Clock;
  readonly bus: EventBus;
  /** Asks the reconciler for a pass now (for new demand in `poolKey`, or everything); returns at once. */
  readonly wake: (poolKey?: string | null) => void;
}

/** One verified webhook delivery: headers already checked, body already JSON-parsed. */
export interface Delivery {
  /** X-GitHub-Delivery */
  readonly guid: string;
  /** X-GitHub-Event */
  readonly event: string;
  readonly body: unknown;
  /** When the request arrived (performance.now() ms), for the dispatch-overhead metric; now if unknown. */
  readonly arrivedAt?: number;
}

/** The JSON body of the webhook answer: every answer says what was decided and why. */
export type DeliveryAnswer =
  | { readonly ok: true; readonly pong: true }
  | { readonly ok: true; readonly skipped: string }
  | { readonly ok: true; readonly duplicate: true; readonly reason: string }
  | { readonly ok: true; readonly job: number; readonly decision: string; readonly reason: string; readonly changed: boolean };


function readAction(body: unknown): string | null {
  const action = typeof body === "object" && body !== null ? (body as { action?: unknown }).action : undefined;
  return typeof action === "string" ? action : null;
}

async function recordOther(deps: DeliveryDeps, delivery: Delivery, action: string | null, result: "accepted" | "ignored", reason: string): Promise<boolean> {
  const record: DeliveryRecord = { guid: delivery.guid, event: delivery.event, action, receivedAt: deps.clock.iso(), result, reason, jobId: null };
  const { duplicate } = await deps.ledger.recordDelivery(record);
  deps.bus.emit("delivery:received", { ...record, result: duplicate ? "duplicate" : result });
  return duplicate;
}

/**
 * Records one delivery in the ledger and answers at once; never calls GitHub or a provider (GitHub
 * gives up after 10 s and never retries). Bad payloads throw OFFLOAD_WEBHOOK_BAD_REQUEST before
 * anything is written.
 */
export async function handleDelivery(deps: DeliveryDeps, delivery: Delivery): Promise<DeliveryAnswer> {
  const action = readAction(delivery.body);
  if (delivery.event === "ping") {
    await recordOther(deps, delivery, action, "accepted", "ping");
    return { ok: true, pong: true };
  }
  if (RUN_EVENTS.has(delivery.event)) {
    const outcome = await handleRunEvent(deps, delivery.event, delivery.body);
    const duplicate = await recordOther(deps, delivery, action, outcome.accepted ? "accepted" : "ignored", outcome.reason);
    return duplicate ? { ok: true, duplicate: true, reason: `delivery ${delivery.guid} was already recorded` } : { ok: true, skipped: outcome.reason };
  }
  const skipped = delivery.event !== "workflow_job" ? `event ${delivery.event} is not handled`
    : action === null || !Object.hasOwn(JOB_STATUS_RANK, action) ? `action ${action ?? "(none)"} of workflow_job is not handled` : null;
  if (skipped !== null) {
    const duplicate = await recordOther(deps, delivery, action, "ignored", skipped);
    return duplicate ? { ok: true, duplicate: true, reason: `delivery ${delivery.guid} was already recorded` } : { ok: true, skipped };
  }

  const fact = parseWorkflowJobPayload(delivery.body);
  const routing = routeAnyJob(fact, deps.config);
  const now = deps.clock.iso();
  const record: DeliveryRecord = {
    guid: delivery.guid, event: delivery.event, action, receivedAt: now,
    result: routing.kind === "ignored" ? "ignored" : "accepted",
    reason: `${describeDecision(fact, routing)}: ${routing.kind === "pool" ? routing.pool.key : routing.reason}`,
    jobId: fact.jobId,
  };
  // Where the run came from decides fork holds, and its head commit carries check runs: only
  // for jobs that are ours.
  const runFacts = routing.kind !== "ignored" && fact.status === "queued" ? runFactsFromJobPayload(delivery.body) : null;
  const [outcome] = await Promise.all([deps.ledger.recordJobFact({ delivery: record, fact, routing, now }), runFacts === null ? null : deps.ledger.recordRunFacts(runFacts, now)]);
  if (outcome.duplicate) {
    deps.bus.emit("delivery:received", { ...record, result: "duplicate", reason: "delivery already recorded" });
    return { ok: true, duplicate: true, reason: `delivery ${delivery.guid} was already recorded` };
  }
  const reason = explainDecision(fact, routing, outcome);
  deps.bus.emit("delivery:received", record);
  if (outcome.changed) {
    deps.bus.emit("job:updated", { jobId: fact.jobId, status: outcome.job?.status ?? fact.status, reason });
    // Only a change in some pool's balance gives the reconciler something to do; new demand in
    // one pool takes its quick path (a claim for that pool), anything else a full pass.
    if (outcome.affectsDemand) {
      const queuedIn = outcome.job?.status === "queued" ? outcome.job.poolKey : null;
      deps.wake(queuedIn);
      if (queuedIn !== null) deps.bus.emit("demand:recorded", { jobId: fact.jobId, poolKey: queuedIn, arrivedAt: delivery.arrivedAt ?? performance.now() });
    }
  }
  return { ok: true, job: fact.jobId, decision: describeDecision(fact, routing), reason, changed: outcome.changed };
}
