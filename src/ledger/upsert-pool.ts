import type { LedgerDb } from "./ledger-database.js";
import type { PoolSpec } from "./records.js";

/**
 * Stores how to start a pool's runners. The spec follows the latest routing (configuration may
 * have changed an image or a timeout); the failure count and back-off are the pool's own history
 * and stay.
 */
export async function upsertPool(db: LedgerDb, pool: PoolSpec, now: string): Promise<void> {
  const spec = {
    scope: JSON.stringify(pool.scope),
    runner_group_id: pool.runnerGroupId,
    labels: JSON.stringify(pool.labels),
    provider: pool.provider,
    flavor: pool.flavor,
    image: pool.image,
    timeout_seconds: pool.timeoutSeconds,
    updated_at: now,
  };
  await db
    .insertInto("pools")
    .values({ key: pool.key, ...spec, failures: 0, retry_at: null, last_error: null })
    .onConflict((oc) => oc.column("key").doUpdateSet(spec))
    .execute();
}
