import type { Ledger } from "../ledger/ledger.js";
import type { DeliveryRecord } from "../ledger/records.js";
import type { RejectedDeliveries } from "./rejected-deliveries.js";

/** Recorded deliveries and the in-memory rejected ones, newest first. */
export async function listRecentDeliveries(ledger: Ledger, rejected: RejectedDeliveries, limit: number): Promise<DeliveryRecord[]> {
  const recorded = await ledger.listDeliveries(limit);
  return [...recorded, ...rejected.list(limit)].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)).slice(0, limit);
}
