import type { Ledger } from "../ledger/ledger.js";
import type { PoolRecord } from "../ledger/records.js";
import { limitBudgets } from "../policy/limit-budgets.js";
import type { AdmissionPolicy } from "../policy/policy.js";
import { priceOf } from "../policy/price-of.js";
import { summariseCosts } from "../policy/summarise-costs.js";
import type { PolicyHold } from "./plan.js";

/**
 * Hard monthly budgets as the planner's pool holds. This month's spend per repository is summed
 * from the ledger's runner usage on each `refresh` (a timer, every few seconds), and the planner's
 * synchronous `holds` source reads the last sum: a budget is reached within one refresh, new jobs
 * are held with the reason, running ones finish.
 */
export class BudgetHolds {
  readonly #ledger: Ledger;
  readonly #policy: AdmissionPolicy;
  readonly #now: () => number;
  #spend: ReadonlyMap<string, number> = new Map();
  #month = "";

  constructor(deps: { ledger: Ledger; policy: AdmissionPolicy; now: () => number }) {
    this.#ledger = deps.ledger;
    this.#policy = deps.policy;
    this.#now = deps.now;
  }

  get active(): boolean {
    return this.#policy.budgets.length > 0;
  }

  /** Sums this month's cost per repository again; true when some budget is reached now. */
  async refresh(): Promise<boolean> {
    if (!this.active) return false;
    const now = new Date(this.#now());
    this.#month = now.toISOString().slice(0, 7);
    const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
    const summary = summariseCosts(await this.#ledger.runnerUsage(since), (flavor) => priceOf(flavor, this.#policy), now.getTime());
    this.#spend = new Map(Object.entries(summary.byRepository));
    return Object.keys(summary.byRepository).length > 0;
  }

  /** The pool's budget holds from the last refresh. */
  holds(pool: PoolRecord): PolicyHold[] {
    if (!this.active) return [];
    const repo = pool.scope.kind === "repo" ? `${pool.scope.owner}/${pool.scope.repo}` : null;
    return limitBudgets([{ key: pool.key, owner: pool.scope.owner, repo }], this.#spend, this.#policy.budgets, this.#month).map((limit) => ({ reason: limit.reason }));
  }
}
