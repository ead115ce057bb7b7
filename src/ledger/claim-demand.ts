import { sql } from "kysely";
import { claimRunners } from "./claim-runners.js";
import { countPoolLoad } from "./count-open-demand.js";
import type { DialectProfile } from "./dialect.js";
import { lockPools } from "./lock-pools.js";
import type { LedgerDb } from "./ledger-database.js";
import { IDLE_RUNNER_STATES, type PoolRecord } from "./records.js";
import { readPools } from "./read-snapshot.js";

export interface DemandClaim {
  readonly name: string;
  readonly pool: PoolRecord;
  readonly forJobId: number | null;
}

/**
 * Claims, in one transaction, a `planned` runner for every queued job of these pools that no
 * runner can take yet (at most `max` in all), skipping pools that back off after a failure. This
 * is the reconciler's whole pass when a webhook adds demand: the count and the claim cannot be
 * overtaken by another webhook, and a pass costs one write instead of a read and a write.
 */
export async function claimDemand(
  db: LedgerDb,
  dialect: DialectProfile,
  input: { poolKeys: readonly string[]; max: number; now: string; name: (forJobId: number | null) => string; skip?: (pool: PoolRecord) => boolean },
): Promise<DemandClaim[]> {
  if (input.max <= 0 || input.poolKeys.length === 0) return [];
  await lockPools(db, dialect, input.poolKeys);
  const load = await countPoolLoad(db, input.poolKeys);
  const short = input.poolKeys.filter((key) => (load.get(key)?.queued ?? 0) > (load.get(key)?.idle ?? 0));
  const pools = await readPools(db, new Set(short));
  const claims: DemandClaim[] = [];
  for (const pool of pools) {
    if ((pool.retryAt !== null && pool.retryAt > input.now) || input.skip?.(pool) === true) continue;
    const { queued, idle } = load.get(pool.key) ?? { queued: 0, idle: 0 };
    const wanted = Math.min(queued - idle, input.max - claims.length);
    if (wanted <= 0) break;
    const jobs = await readUnserved(db, pool.key, wanted);
    for (let i = 0; i < wanted; i++) {
      const forJobId = jobs[i] ?? null;
      claims.push({ name: input.name(forJobId), pool, forJobId });
    }
  }
  await claimRunners(db, claims.map((c) => ({ name: c.name, poolKey: c.pool.key, provider: c.pool.provider, forJobId: c.forJobId })), input.now);
  return claims;
}

/** The pool's oldest queued jobs that no idle runner was launched for. */
export async function readUnserved(db: LedgerDb, poolKey: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom("jobs")
    .select("job_id")
    .where("status", "=", sql.lit("queued"))
    .where("pool_key", "=", poolKey)
    .where("job_id", "not in", (eb) =>
      eb.selectFrom("runners").select("for_job_id").where("pool_key", "=", poolKey).where("state", "in", IDLE_RUNNER_STATES).where("for_job_id", "is not", null),
    )
    .orderBy("created_at")
    .orderBy("job_id")
    .limit(limit)
    .execute();
  return rows.map((row) => row.job_id);
}
