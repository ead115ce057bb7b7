import type { LedgerDb } from "./ledger-database.js";
import { clampLimit } from "./list-jobs.js";
import type { DeliveryRecord } from "./records.js";
import { toDeliveryRecord } from "./to-records.js";

/** The latest deliveries, newest first. */
export async function listDeliveries(db: LedgerDb, limit: number): Promise<DeliveryRecord[]> {
  const rows = await db.selectFrom("deliveries").selectAll().orderBy("received_at", "desc").orderBy("guid").limit(clampLimit(limit)).execute();
  return rows.map(toDeliveryRecord);
}
