import type { PoolFacts } from "../ledger/pool-facts.js";
import type { PolicyFacts } from "../ledger/read-policy-facts.js";
import { holdForks, type ForkVerdicts } from "../policy/hold-forks.js";
import { limitLaunches, type LaunchLimit, type LimitedPool } from "../policy/limit-launches.js";
import type { ConcurrencyLimits, ForkPolicy } from "../policy/policy.js";
import type { RunnerScope } from "../policy/runner-scope.js";
import type { PoolPlanInput } from "./plan.js";

/** The parts of policy the planner applies at claim time, with what they need read. */
export interface ClaimPolicy {
  readonly concurrency: ConcurrencyLimits;
  readonly forks: ForkPolicy;
}

/** Whether a claim must read runners alive everywhere (limits) and fork candidates. */
export function policyReads(policy: ClaimPolicy | undefined): { limits: boolean; forks: boolean } {
  if (policy === undefined) return { limits: false, forks: false };
  const { global, perFlavor, perRepository } = policy.concurrency;
  return { limits: global !== null || perFlavor.length > 0 || perRepository !== null, forks: policy.forks.public !== "allow" || policy.forks.private !== "allow" };
}

function repoOf(scope: RunnerScope): string | null {
  return scope.kind === "repo" ? `${scope.owner}/${scope.repo}` : null;
}

/**
 * Policy's part of one plan, from facts read under the claim's locks: concurrency limits shared
 * across every pool with runners alive, and fork verdicts as pool holds (see hold-forks.ts for
 * why the hold is the pool's). Pure.
 */
export function applyClaimPolicy(inputs: readonly PoolPlanInput[], facts: readonly PoolFacts[], read: PolicyFacts, policy: ClaimPolicy): { inputs: PoolPlanInput[]; limits: LaunchLimit[]; forks: ForkVerdicts } {
  const pools = new Map<string, LimitedPool>();
  for (const row of read.alive) {
    const scope = JSON.parse(row.scope) as RunnerScope;
    pools.set(row.key, { key: row.key, flavor: row.flavor, repo: repoOf(scope), alive: row.alive });
  }
  for (const f of facts) if (!pools.has(f.pool.key)) pools.set(f.pool.key, { key: f.pool.key, flavor: f.pool.flavor, repo: repoOf(f.pool.scope), alive: f.supply + f.busy });
  const limits = limitLaunches([...pools.values()], policy.concurrency);
  const forks = holdForks(read.forkCandidates, policy.forks);
  const withHolds = inputs.map((input) => {
    // A sandbox launch (another flavor for the same labels) is not built yet: rather than run a
    // fork's code on the pool's own hardware, the pool is held, and says so.
    const sandbox = forks.sandboxes.get(input.pool.key);
    const reason = forks.holds.get(input.pool.key) ?? (sandbox === undefined ? undefined : `${sandbox.reason}: sandboxed launches are not available yet, so the pool is held until a maintainer approves it`);
    return reason === undefined ? input : { ...input, holds: [...(input.holds ?? []), { reason }] };
  });
  return { inputs: withHolds, limits, forks };
}
