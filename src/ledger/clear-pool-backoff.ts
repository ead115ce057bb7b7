import type { Selectable } from "kysely";
import type { DialectProfile } from "./dialect.js";
import type { PoolsTable } from "./ledger-database.js";
import { lockPools } from "./lock-pools.js";
import type { PoolRecord } from "./records.js";
import { toPoolRecord } from "./to-records.js";
import { execute, selectRow, type Transition } from "./transition.js";

/**
 * A person says "try now" (`offload retry`, the dashboard's button, `POST /api/pools/{key}/retry`):
 * the pool's backoff and failure count end, so the next pass launches. Returns the pool as it is
 * now, or null when no pool has this key.
 */
export function* clearPoolBackoff(dialect: DialectProfile, poolKey: string, now: string): Transition<PoolRecord | null> {
  yield* lockPools(dialect, [poolKey]);
  const updated = yield* execute("update pools set failures = 0, retry_at = null, last_error = null, updated_at = ? where key = ?", [now, poolKey]);
  if (updated === 0) return null;
  const row = yield* selectRow<Selectable<PoolsTable>>("select * from pools where key = ?", [poolKey]);
  return row === null ? null : toPoolRecord(row);
}
