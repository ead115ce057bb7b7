import type { DeliveryRecord } from "./records.js";
import { insertRow, type Transition } from "./transition.js";

/** Stores a delivery once: a guid seen before is a duplicate and writes nothing. */
export function* recordDelivery(delivery: DeliveryRecord): Transition<{ duplicate: boolean }> {
  const inserted = yield* insertRow(
    "deliveries",
    {
      guid: delivery.guid,
      event: delivery.event,
      action: delivery.action,
      received_at: delivery.receivedAt,
      result: delivery.result,
      reason: delivery.reason,
      job_id: delivery.jobId,
    },
    " on conflict (guid) do nothing",
  );
  return { duplicate: inserted === 0 };
}
