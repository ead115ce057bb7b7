import type { PlannedRunner } from "../ledger/claim-planned.js";
import type { Ledger } from "../ledger/ledger.js";
import type { PoolFacts } from "../ledger/pool-facts.js";
import type { Clock } from "../clock/clock.js";
import type { Circuits } from "./circuits.js";
import { plan, type PoolPlanInput } from "./plan.js";
import { toPlanInputs, withFallbacks, type PlanSources } from "./plan-sources.js";
import { makeRunnerName } from "./runner-name.js";

/** What a held job reads while the dispatcher drains. */
export const PAUSED_REASON = "launches paused (offload drain); `offload drain --resume` starts them again";

/**
 * The planner's one call site: every path that launches (a webhook's claim, a full pass, a retry)
 * builds the planner's input here from the ledger's facts, the circuits and the plan sources, and
 * claims what `plan` decides inside the ledger's claim transaction.
 */
export class LaunchPlanner {
  readonly #ledger: Ledger;
  readonly #clock: Clock;
  readonly #circuits: Circuits;
  readonly #sources: PlanSources;
  #paused = false;

  constructor(deps: { ledger: Ledger; clock: Clock; circuits: Circuits; sources: PlanSources }) {
    this.#ledger = deps.ledger;
    this.#clock = deps.clock;
    this.#circuits = deps.circuits;
    this.#sources = deps.sources;
  }

  get paused(): boolean {
    return this.#paused;
  }

  set paused(paused: boolean) {
    this.#paused = paused;
  }

  get pausedReason(): string | null {
    return this.#paused ? PAUSED_REASON : null;
  }

  /** Pools the planner wants read even with no work (warm pools), now. */
  alsoKeys(now: number): string[] {
    return [...(this.#sources.warm?.(now).keys() ?? [])];
  }

  /** The planner's per-pool input for these facts, now. */
  inputs(facts: readonly PoolFacts[], now: number): PoolPlanInput[] {
    return toPlanInputs(facts, { now, circuit: (pool) => this.#circuits.blockedReason(pool), sources: this.#sources });
  }

  /**
   * Claims, exactly, the launches the planner decides for these pools (and their fallbacks) from
   * their facts read under the pools' locks, at most `budget` of them.
   */
  async claim(poolKeys: Iterable<string>, budget: number): Promise<PlannedRunner[]> {
    const keys = withFallbacks(poolKeys, this.#sources);
    if (keys.length === 0 || budget <= 0 || this.#paused) return [];
    const now = this.#clock.now();
    return this.#ledger.claimPlanned({
      poolKeys: keys,
      now: new Date(now).toISOString(),
      plan: (facts) =>
        plan({ now, pools: this.inputs(facts, now), budget, paused: this.pausedReason }).launches.map((launch) => ({
          name: makeRunnerName(launch.forJobId),
          pool: launch.pool,
          forJobId: launch.forJobId,
        })),
    });
  }

  /** Whether the planner still retires a runner of this pool, from facts read under its lock. */
  stillSurplus(facts: PoolFacts): boolean {
    const now = this.#clock.now();
    return plan({ now, pools: this.inputs([facts], now), budget: 0 }).retirements.length > 0;
  }
}
