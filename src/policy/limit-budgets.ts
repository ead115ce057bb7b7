import type { LaunchLimit } from "./limit-launches.js";
import { matchesAny } from "./match-glob.js";
import type { Budget } from "./policy.js";

/** A pool as budgets see it: the repository (`owner/name`) or organisation (`owner`) it serves. */
export interface BudgetedPool {
  readonly key: string;
  readonly owner: string;
  readonly repo: string | null;
}

/** The subjects a budget counts apart: each repository, each owner, or one for everything. */
function subjectOf(budget: Budget, pool: BudgetedPool): string | null {
  if (budget.scope === "all") return "all repositories";
  if (budget.scope === "organization") return matchesAny(budget.match, pool.owner) ? pool.owner : null;
  return pool.repo !== null && matchesAny(budget.match, pool.repo) ? pool.repo : null;
}

function spentBy(budget: Budget, subject: string, spendByRepo: ReadonlyMap<string, number>): number {
  let usd = 0;
  for (const [repo, spent] of spendByRepo) {
    const owner = repo.split("/")[0] ?? repo;
    if (budget.scope === "all" || (budget.scope === "organization" ? owner.toLowerCase() === subject.toLowerCase() : repo.toLowerCase() === subject.toLowerCase())) usd += spent;
  }
  return usd;
}

/**
 * Hard monthly budgets as launch limits: a subject (repository, organisation, everything) whose
 * spend this month reached its budget gets a limit of 0 over its pools, so new jobs are held with
 * the reason while running ones finish. `spendByRepo` is this month's cost per `owner/name`.
 */
export function limitBudgets(pools: readonly BudgetedPool[], spendByRepo: ReadonlyMap<string, number>, budgets: readonly Budget[], month: string): LaunchLimit[] {
  const limits = new Map<string, { poolKeys: Set<string>; reason: string }>();
  for (const [index, budget] of budgets.entries()) {
    for (const pool of pools) {
      const subject = subjectOf(budget, pool);
      if (subject === null) continue;
      const spent = spentBy(budget, subject, spendByRepo);
      if (spent < budget.monthlyUsd) continue;
      const id = `budget:${index}:${subject.toLowerCase()}`;
      const entry = limits.get(id) ?? {
        poolKeys: new Set<string>(),
        reason: `monthly budget of $${budget.monthlyUsd.toFixed(2)} for ${subject} reached ($${spent.toFixed(2)} spent in ${month}); new jobs wait for next month or a higher budgets[${index}].monthlyUsd in offload.yaml`,
      };
      entry.poolKeys.add(pool.key);
      limits.set(id, entry);
    }
  }
  return [...limits].map(([id, entry]) => ({ id, poolKeys: entry.poolKeys, remaining: 0, reason: entry.reason }));
}
