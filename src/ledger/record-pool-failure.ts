import { OffloadError } from "../errors/offload-error.js";
import { execute, type Transition } from "./transition.js";

/** A launch for the pool failed: one more consecutive failure, and no launch before `retryAt`. */
export function* recordPoolFailure(poolKey: string, error: string, retryAt: string, now: string): Transition<void> {
  const updated = yield* execute("update pools set failures = failures + 1, retry_at = ?, last_error = ?, updated_at = ? where key = ?", [retryAt, error, now, poolKey]);
  if (updated === 0) throw unknownPool(poolKey);
}

export function unknownPool(poolKey: string): OffloadError {
  return new OffloadError("OFFLOAD_NOT_FOUND", `Pool '${poolKey}' in the ledger: a pool exists once a job routed to it was recorded`);
}
