import type { Ledger } from "../ledger/ledger.js";

/* "You can redeliver webhook deliveries that occurred in the past 3 days." (github-protocol.md §2.3) */
export const REDELIVERY_WINDOW_MS = 3 * 24 * 3_600_000;
/* Deliveries the ledger recorded are listed again this far back: one may have failed just before. */
const MARGIN_MS = 3_600_000;
const LOOK_AT = 1000;

/**
 * How far back the first round after a start reads: from shortly before the newest webhook the
 * ledger recorded (the dispatcher was up and redelivering until then), never more than GitHub's
 * three days. Facts found by polling (`poll:` guids) say nothing about webhooks, so they are skipped.
 */
export async function findRedeliveryStart(ledger: Ledger, now: number): Promise<number> {
  const oldest = now - REDELIVERY_WINDOW_MS;
  const newest = (await ledger.listDeliveries(LOOK_AT)).find((delivery) => !delivery.guid.startsWith("poll:"));
  const at = newest === undefined ? Number.NaN : Date.parse(newest.receivedAt);
  return Number.isNaN(at) ? oldest : Math.max(oldest, Math.min(now, at - MARGIN_MS));
}
