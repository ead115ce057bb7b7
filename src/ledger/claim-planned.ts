import { claimRunners } from "./claim-runners.js";
import type { DialectProfile } from "./dialect.js";
import { lockPools } from "./lock-pools.js";
import type { PoolFacts } from "./pool-facts.js";
import type { PoolRecord } from "./records.js";
import { readPoolFacts } from "./read-pool-facts.js";
import { readPolicyFacts, type PolicyFacts } from "./read-policy-facts.js";
import type { Transition } from "./transition.js";

/** One runner the planner decided to launch, named by the caller. */
export interface PlannedRunner {
  readonly name: string;
  readonly pool: PoolRecord;
  readonly forJobId: number | null;
}

/**
 * Claims what the planner decides, exactly: in one transaction, locks the pools' rows (two
 * dispatcher replicas on PostgreSQL queue here), reads their facts afresh, asks `plan` (the
 * reconciler's pure planner, synchronously) and writes a `planned` runner for each launch it
 * returns. The ledger holds no launch rule: what was counted cannot change between the count and
 * the claim, because every claim for these pools waits on the same locks.
 */
export function* claimPlanned(
  dialect: DialectProfile,
  input: {
    poolKeys: readonly string[];
    now: string;
    /** What policy needs read under the same locks: runners alive everywhere (limits), fork candidates. */
    policy?: { readonly limits: boolean; readonly forks: boolean };
    plan: (facts: readonly PoolFacts[], policy: PolicyFacts) => readonly PlannedRunner[];
  },
): Transition<PlannedRunner[]> {
  const keys = [...new Set(input.poolKeys)].sort();
  if (keys.length === 0) return [];
  yield* lockPools(dialect, keys);
  const facts = yield* readPoolFacts({ onlyKeys: keys });
  const policy = yield* readPolicyFacts(dialect, { poolKeys: keys, limits: input.policy?.limits ?? false, forks: input.policy?.forks ?? false });
  const planned = [...input.plan(facts, policy)];
  yield* claimRunners(planned.map((p) => ({ name: p.name, poolKey: p.pool.key, provider: p.pool.provider, forJobId: p.forJobId })), input.now);
  return planned;
}
