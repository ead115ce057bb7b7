import { allocateLimits } from "./allocate-limits.js";
import type { ForkVerdicts } from "./hold-forks.js";
import { limitBudgets } from "./limit-budgets.js";
import { limitLaunches } from "./limit-launches.js";
import type { AdmissionPolicy } from "./policy.js";

/** A pool as policy sees it when the planner asks. */
export interface PolicyPool {
  readonly key: string;
  readonly flavor: string;
  readonly owner: string;
  /** `owner/name`, or null for an organisation pool. */
  readonly repo: string | null;
  /** Our runners of the pool that have not ended (busy ones included). */
  readonly alive: number;
  /** Launches the pool would make without policy (its deficit). */
  readonly want: number;
}

/** What policy adds to one pool's plan input: a cap, a pool hold, a sandbox spec. */
export interface PolicyVerdict {
  readonly cap?: { readonly max: number; readonly reason: string };
  readonly hold?: string;
  readonly sandbox?: { readonly flavor: string; readonly timeoutSeconds: number; readonly reason: string };
}

/**
 * Every launch rule of policy for one plan, a pure function: concurrency limits and spent budgets
 * as caps (shared limits shared out oldest demand first), fork pull requests as pool holds or
 * sandboxes. The planner applies them with its own rules; nothing here launches.
 */
export function planPolicy(input: { pools: readonly PolicyPool[]; policy: AdmissionPolicy; forks: Pick<ForkVerdicts, "holds" | "sandboxes"> | null; spendByRepo: ReadonlyMap<string, number>; month: string }): Map<string, PolicyVerdict> {
  const limits = [...limitLaunches(input.pools, input.policy.concurrency), ...limitBudgets(input.pools, input.spendByRepo, input.policy.budgets, input.month)];
  const caps = limits.length === 0 ? new Map() : allocateLimits(input.pools, limits);
  const verdicts = new Map<string, PolicyVerdict>();
  for (const pool of input.pools) {
    const cap = caps.get(pool.key);
    const hold = input.forks?.holds.get(pool.key);
    const sandbox = input.forks?.sandboxes.get(pool.key);
    if (cap === undefined && hold === undefined && sandbox === undefined) continue;
    verdicts.set(pool.key, { ...(cap === undefined ? {} : { cap }), ...(hold === undefined ? {} : { hold }), ...(sandbox === undefined ? {} : { sandbox }) });
  }
  return verdicts;
}
