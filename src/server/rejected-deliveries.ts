import type { DeliveryRecord } from "../ledger/records.js";

/**
 * The last rejected deliveries (bad signature, malformed body...), in memory only: they are not
 * facts, and writing whatever an unauthenticated caller sends into the ledger would let anyone
 * fill the disk. Oldest entries fall off past `capacity`.
 */
export class RejectedDeliveries {
  readonly #capacity: number;
  readonly #entries: DeliveryRecord[] = [];

  constructor(capacity = 200) {
    this.#capacity = capacity;
  }

  add(delivery: DeliveryRecord): void {
    this.#entries.push(delivery);
    if (this.#entries.length > this.#capacity) this.#entries.shift();
  }

  /** Newest first. */
  list(limit: number): DeliveryRecord[] {
    return this.#entries.slice(-limit).reverse();
  }
}
