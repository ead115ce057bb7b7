import type { LedgerDb } from "./ledger-database.js";
import type { DeliveryRecord } from "./records.js";

/** Stores a delivery once: a guid seen before is a duplicate and writes nothing. */
export async function recordDelivery(db: LedgerDb, delivery: DeliveryRecord): Promise<{ duplicate: boolean }> {
  const result = await db
    .insertInto("deliveries")
    .values({
      guid: delivery.guid,
      event: delivery.event,
      action: delivery.action,
      received_at: delivery.receivedAt,
      result: delivery.result,
      reason: delivery.reason,
      job_id: delivery.jobId,
    })
    .onConflict((oc) => oc.column("guid").doNothing())
    .executeTakeFirst();
  return { duplicate: Number(result.numInsertedOrUpdatedRows ?? 0n) === 0 };
}
