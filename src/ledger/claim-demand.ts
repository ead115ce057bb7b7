import { claimRunners } from "./claim-runners.js";
import { countPoolLoad } from "./count-open-demand.js";
import type { DialectProfile } from "./dialect.js";
import { lockPools } from "./lock-pools.js";
import type { PoolRecord } from "./records.js";
import { IDLE_STATES_SQL } from "./runner-states.js";
import { readPools } from "./read-snapshot.js";
import { selectRows, type Transition } from "./transition.js";

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
export function* claimDemand(
  dialect: DialectProfile,
  input: { poolKeys: readonly string[]; max: number; now: string; name: (forJobId: number | null) => string; skip?: (pool: PoolRecord) => boolean },
): Transition<DemandClaim[]> {
  if (input.max <= 0 || input.poolKeys.length === 0) return [];
  yield* lockPools(dialect, input.poolKeys);
  const load = yield* countPoolLoad(input.poolKeys);
  const short = input.poolKeys.filter((key) => (load.get(key)?.queued ?? 0) > (load.get(key)?.idle ?? 0));
  const pools = yield* readPools(new Set(short));
  const claims: DemandClaim[] = [];
  for (const pool of pools) {
    if ((pool.retryAt !== null && pool.retryAt > input.now) || input.skip?.(pool) === true) continue;
    const { queued, idle } = load.get(pool.key) ?? { queued: 0, idle: 0 };
    const wanted = Math.min(queued - idle, input.max - claims.length);
    if (wanted <= 0) break;
    const jobs = yield* readUnserved(pool.key, wanted);
    for (let i = 0; i < wanted; i++) {
      const forJobId = jobs[i] ?? null;
      claims.push({ name: input.name(forJobId), pool, forJobId });
    }
  }
  yield* claimRunners(claims.map((c) => ({ name: c.name, poolKey: c.pool.key, provider: c.pool.provider, forJobId: c.forJobId })), input.now);
  return claims;
}

/** The pool's oldest queued jobs that no idle runner was launched for. */
export function* readUnserved(poolKey: string, limit: number): Transition<number[]> {
  const rows = yield* selectRows<{ job_id: number }>(
    "select job_id from jobs where status = 'queued' and pool_key = ? and job_id not in " +
      `(select for_job_id from runners where pool_key = ? and state in (${IDLE_STATES_SQL}) and for_job_id is not null) order by created_at, job_id limit ?`,
    [poolKey, poolKey, limit],
  );
  return rows.map((row) => row.job_id);
}
