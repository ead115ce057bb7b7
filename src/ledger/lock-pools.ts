import type { DialectProfile } from "./dialect.js";
import { placeholders, selectRows, type Transition } from "./transition.js";

/**
 * Locks the pools' rows until the transaction ends, so two dispatcher replicas on PostgreSQL
 * cannot both count the same open demand and both claim a runner for it. SQLite needs nothing:
 * its write transactions already exclude each other.
 */
export function* lockPools(dialect: DialectProfile, poolKeys: readonly string[]): Transition<void> {
  if (poolKeys.length === 0 || dialect.lockRows === "") return;
  yield* selectRows(`select key from pools where key in (${placeholders(poolKeys.length)}) order by key${dialect.lockRows}`, poolKeys);
}
