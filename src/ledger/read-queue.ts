import type { PoolFacts } from "./pool-facts.js";
import { readPoolFacts } from "./read-pool-facts.js";
import { selectRows, type Transition } from "./transition.js";

/** Jobs offload will not run, counted apart by the reason a person reads. */
export interface RefusedCount {
  readonly reason: string;
  readonly count: number;
}

/**
 * One meaning of "queued" for every reader (the dashboard, `offload status`, `/metrics`, the
 * planner): jobs offload will run and is waiting for, per pool (`readPoolFacts`); jobs it refused
 * (unknown flavor, repository not allowed...) counted apart with their reason; jobs not meant for
 * offload (no offload label) not counted at all.
 */
export function* readQueue(): Transition<{ pools: PoolFacts[]; refused: RefusedCount[] }> {
  const pools = yield* readPoolFacts();
  const rows = yield* selectRows<{ reason: string; n: number }>(
    "select reason, count(*) as n from jobs where status = 'queued' and routing = 'refused' group by reason order by count(*) desc, reason",
  );
  return { pools, refused: rows.map((row) => ({ reason: row.reason, count: Number(row.n) })) };
}
