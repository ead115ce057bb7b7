import { listHookDeliveries } from "../github/list-hook-deliveries.js";
import { redeliverHookDelivery } from "../github/redeliver-hook-delivery.js";
import { findRedeliveryStart, REDELIVERY_WINDOW_MS } from "./find-redelivery-start.js";
import type { MissedWorkDeps } from "./missed-work-deps.js";
import { findFailedGuids, planRedeliveries, type RedeliveryAttempt, type RedeliveryLimits } from "./plan-redeliveries.js";

/** What redelivery remembers between rounds (in memory: a restart looks back again). */
export interface RedeliveryState {
  /** How far back the next round reads; null before the first round. */
  since: number | null;
  readonly attempts: Map<string, RedeliveryAttempt>;
}

export function createRedeliveryState(): RedeliveryState {
  return { since: null, attempts: new Map() };
}

export const DEFAULT_REDELIVERY_LIMITS: RedeliveryLimits = { perRound: 20, maxAttempts: 3, retryAfterMs: 600_000 };

export interface RedeliveryReport {
  readonly listed: number;
  readonly redelivered: number;
  readonly deferred: number;
  readonly exhausted: number;
  /** False when the budget or the page limit stopped the listing early. */
  readonly complete: boolean;
}

/* Deliveries are listed again this far behind the last check, for clock skew and answers in flight. */
const OVERLAP_MS = 300_000;
const MAX_PAGES = 50;

/**
 * One redelivery round: reads the App's webhook deliveries back to the last check and asks GitHub
 * to send again each job delivery that never got a 2xx and that the ledger has not recorded.
 */
export async function redeliverFailedDeliveries(
  deps: MissedWorkDeps,
  state: RedeliveryState = createRedeliveryState(),
  limits: RedeliveryLimits = DEFAULT_REDELIVERY_LIMITS,
): Promise<RedeliveryReport> {
  const now = deps.clock.now();
  const since = state.since ?? (await findRedeliveryStart(deps.ledger, now));
  if (!deps.budget.allows("app", now)) {
    deps.log.info({ reserve: deps.budget.reserve }, "redelivery round skipped: the App's rate limit is at the reserve");
    return { listed: 0, redelivered: 0, deferred: 0, exhausted: 0, complete: false };
  }
  const app = deps.github.appOctokit();
  const mayContinue = (): boolean => (deps.budget.observe("app"), deps.budget.allows("app", deps.clock.now()));
  const { deliveries, complete } = await listHookDeliveries(app, { since, maxPages: MAX_PAGES, mayContinue });
  deps.budget.observe("app");

  const failed = findFailedGuids(deliveries);
  const recorded = await deps.ledger.findKnownDeliveries(failed);
  const plan = planRedeliveries({ deliveries, recorded, attempts: state.attempts, now, limits });
  let redelivered = 0;
  for (const { guid, deliveryId } of plan.redeliver) {
    if (!deps.budget.allows("app", deps.clock.now())) break;
    const previous = state.attempts.get(guid)?.count ?? 0;
    // Counted before the call: a refused redelivery (422 for one too old) is not asked again at once.
    state.attempts.set(guid, { count: previous + 1, lastAt: now });
    try {
      await redeliverHookDelivery(app, deliveryId);
      redelivered += 1;
    } catch (error) {
      deps.log.warn({ err: error, guid, deliveryId }, "GitHub refused a redelivery; retrying later");
    }
    deps.budget.observe("app");
  }
  const deferred = plan.deferred + plan.redeliver.length - redelivered;
  if (complete) forgetSettled(state, new Set(failed), recorded, now);
  state.since = nextSince(state, since, now, complete && deferred === 0, limits);
  if (plan.redeliver.length > 0 || plan.deferred > 0 || plan.exhausted > 0) {
    deps.log.info({ redelivered, deferred, exhausted: plan.exhausted, listed: deliveries.length }, "asked GitHub to redeliver failed webhook deliveries");
  }
  return { listed: deliveries.length, redelivered, deferred, exhausted: plan.exhausted, complete };
}

/** Guids that got a 2xx or reached the ledger need no more attempts; old ones leave GitHub's window. */
function forgetSettled(state: RedeliveryState, failed: ReadonlySet<string>, recorded: ReadonlySet<string>, now: number): void {
  for (const [guid, attempt] of state.attempts) {
    if (!failed.has(guid) || recorded.has(guid) || now - attempt.lastAt > REDELIVERY_WINDOW_MS) state.attempts.delete(guid);
  }
}

/**
 * The next round starts a little before this one, or, while a redelivery may still fail and need
 * another attempt, before that redelivery was asked for, so its failed attempt is listed again.
 * When this round did not get through everything, the next one starts where this one did.
 */
function nextSince(state: RedeliveryState, since: number, now: number, finished: boolean, limits: RedeliveryLimits): number {
  if (!finished) return since;
  const pending = [...state.attempts.values()].filter((attempt) => attempt.count < limits.maxAttempts).map((attempt) => attempt.lastAt);
  return Math.max(now - REDELIVERY_WINDOW_MS, Math.min(now, ...pending) - OVERLAP_MS);
}
