import { unknownPool } from "./record-pool-failure.js";
import { execute, type Transition } from "./transition.js";

/** A launch for the pool succeeded: the failure count and the back-off start again. */
export function* recordPoolSuccess(poolKey: string, now: string): Transition<void> {
  const updated = yield* execute("update pools set failures = 0, retry_at = null, last_error = null, updated_at = ? where key = ?", [now, poolKey]);
  if (updated === 0) throw unknownPool(poolKey);
}
