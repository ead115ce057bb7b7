import type { Selectable } from "kysely";
import { readUnserved } from "./claim-demand.js";
import { countPoolLoad } from "./count-open-demand.js";
import type { RunnersTable } from "./ledger-database.js";
import type { PoolDemand } from "./records.js";
import { IDLE_STATES_SQL } from "./runner-states.js";
import { readPools } from "./read-snapshot.js";
import { toRunnerRecord } from "./to-records.js";
import { selectRows, type Transition } from "./transition.js";


/**
 * The pools whose queued jobs and idle runners differ, with what a decision needs: the oldest
 * unserved queued jobs for a deficit, the idle runners for a surplus. Counting in SQL instead of
 * reading every queued job and active runner kept a pass on every webhook cheap in the dispatch
 * benchmark (reading them took half of the dispatcher's CPU at 1000 queued jobs).
 */
export function* readDemand(): Transition<PoolDemand[]> {
  const keys = yield* poolKeysWithWork();
  const load = yield* countPoolLoad(keys);
  const unbalanced = keys.filter((key) => load.get(key)?.queued !== load.get(key)?.idle);
  const pools = yield* readPools(new Set(unbalanced));
  const demand: PoolDemand[] = [];
  for (const pool of pools) {
    const { queued, idle } = load.get(pool.key) ?? { queued: 0, idle: 0 };
    const difference = queued - idle;
    if (difference > 0) {
      demand.push({ pool, queued, idle, unserved: yield* readUnserved(pool.key, difference), surplus: null });
    } else {
      demand.push({ pool, queued, idle, unserved: [], surplus: yield* readSurplus(pool.key) });
    }
  }
  return demand;
}

function* poolKeysWithWork(): Transition<string[]> {
  const jobs = yield* selectRows<{ pool_key: string }>("select distinct pool_key from jobs where status = 'queued' and pool_key is not null");
  const runners = yield* selectRows<{ pool_key: string }>(`select distinct pool_key from runners where state in (${IDLE_STATES_SQL})`);
  return [...new Set([...jobs.map((j) => j.pool_key), ...runners.map((r) => r.pool_key)])].filter((key) => key !== "");
}

function* readSurplus(poolKey: string): Transition<NonNullable<PoolDemand["surplus"]>> {
  const runners = yield* selectRows<Selectable<RunnersTable>>(`select * from runners where pool_key = ? and state in (${IDLE_STATES_SQL}) order by created_at, name`, [poolKey]);
  const jobs = yield* selectRows<{ job_id: number }>("select job_id from jobs where status = 'queued' and pool_key = ? order by created_at, job_id", [poolKey]);
  return { runners: runners.map(toRunnerRecord), queuedJobIds: jobs.map((j) => j.job_id) };
}
