import type { HookDelivery } from "../github/list-hook-deliveries.js";

/** Earlier redeliveries the finder asked for, by guid. */
export interface RedeliveryAttempt {
  readonly count: number;
  /** When the last one was asked for (ms since the epoch). */
  readonly lastAt: number;
}

export interface RedeliveryLimits {
  /** At most this many redeliveries per round. */
  readonly perRound: number;
  /** A guid is given up after this many redeliveries (a delivery we refuse every time, say). */
  readonly maxAttempts: number;
  /** A redelivery asked for is awaited this long before it is asked for again. */
  readonly retryAfterMs: number;
}

export interface RedeliveryPlan {
  /** Newest first: their jobs are the likeliest still to be waiting. */
  readonly redeliver: readonly { readonly guid: string; readonly deliveryId: number }[];
  /** Failed guids left for a later round by the per-round cap. */
  readonly deferred: number;
  /** Failed guids given up on after `maxAttempts`. */
  readonly exhausted: number;
}

/** Only job events matter to dispatch; a lost ping or installation event changes nothing. */
const EVENTS: ReadonlySet<string> = new Set(["workflow_job"]);

/** Guids of job deliveries none of whose attempts got a 2xx answer. */
export function findFailedGuids(deliveries: readonly HookDelivery[]): string[] {
  const ok = new Set(deliveries.filter((delivery) => isSuccess(delivery.statusCode)).map((delivery) => delivery.guid));
  return [...new Set(deliveries.filter((delivery) => EVENTS.has(delivery.event) && !ok.has(delivery.guid)).map((delivery) => delivery.guid))];
}

/**
 * GitHub's recipe (github-protocol.md §2.5): group attempts by guid, and redeliver one attempt of
 * each guid that never got a 2xx answer, unless the ledger recorded that guid anyway (a delivery
 * whose answer was lost on the way back) or a redelivery asked for recently may still arrive.
 */
export function planRedeliveries(input: {
  readonly deliveries: readonly HookDelivery[];
  readonly recorded: ReadonlySet<string>;
  readonly attempts: ReadonlyMap<string, RedeliveryAttempt>;
  readonly now: number;
  readonly limits: RedeliveryLimits;
}): RedeliveryPlan {
  const { attempts, limits, now } = input;
  const newest = new Map<string, HookDelivery>();
  for (const delivery of input.deliveries) {
    const seen = newest.get(delivery.guid);
    if (seen === undefined || delivery.deliveredAt > seen.deliveredAt) newest.set(delivery.guid, delivery);
  }
  let exhausted = 0;
  const candidates: HookDelivery[] = [];
  for (const guid of findFailedGuids(input.deliveries)) {
    const attempt = attempts.get(guid);
    const latest = newest.get(guid);
    if (latest === undefined || input.recorded.has(guid)) continue;
    if (attempt !== undefined && attempt.count >= limits.maxAttempts) exhausted += 1;
    else if (attempt === undefined || now - attempt.lastAt >= limits.retryAfterMs) candidates.push(latest);
  }
  candidates.sort((a, b) => b.deliveredAt - a.deliveredAt);
  const chosen = candidates.slice(0, limits.perRound);
  return {
    redeliver: chosen.map((delivery) => ({ guid: delivery.guid, deliveryId: delivery.id })),
    deferred: candidates.length - chosen.length,
    exhausted,
  };
}

function isSuccess(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 300;
}
