import type { PlannedRunner } from "../ledger/claim-planned.js";
import type { Ledger } from "../ledger/ledger.js";
import type { PoolFacts } from "../ledger/pool-facts.js";
import type { Clock } from "../clock/clock.js";
import type { Circuits } from "./circuits.js";
import { plan, type PlannedHold, type PoolPlanInput } from "./plan.js";
import { toPlanInputs, withFallbacks, type PlanSources } from "./plan-sources.js";
import { makeRunnerName } from "./runner-name.js";
import type { ForkVerdicts } from "../policy/hold-forks.js";
import { applyClaimPolicy, policyReads, type ClaimPolicy } from "./plan-policy-inputs.js";

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
  readonly #policy: ClaimPolicy | undefined;
  readonly #onForks: ((verdicts: ForkVerdicts) => void) | undefined;
  #paused = false;

  constructor(deps: { ledger: Ledger; clock: Clock; circuits: Circuits; sources: PlanSources; policy?: ClaimPolicy; onForks?: (verdicts: ForkVerdicts) => void }) {
    this.#ledger = deps.ledger;
    this.#clock = deps.clock;
    this.#circuits = deps.circuits;
    this.#sources = deps.sources;
    this.#policy = deps.policy;
    this.#onForks = deps.onForks;
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
    const found: { forks: ForkVerdicts | null; holds: readonly PlannedHold[] } = { forks: null, holds: [] };
    const claimed = await this.#ledger.claimPlanned({
      poolKeys: keys,
      now: new Date(now).toISOString(),
      policy: policyReads(this.#policy),
      plan: (facts, read) => {
        const applied = this.#policy === undefined ? null : applyClaimPolicy(this.inputs(facts, now), facts, read, this.#policy);
        found.forks = applied?.forks ?? null;
        const pools = applied?.inputs ?? this.inputs(facts, now);
        const planned = plan({ now, pools, budget, paused: this.pausedReason, limits: applied?.limits ?? [] });
        found.holds = planned.holds;
        return planned.launches.map((launch) => ({
          name: makeRunnerName(launch.forJobId),
          pool: launch.pool,
          forJobId: launch.forJobId,
        }));
      },
    });
    // What a held job waits for is its reason: on the dashboard, in `offload jobs`, in its check run.
    const iso = this.#clock.iso();
    for (const hold of found.holds) if (hold.jobIds.length > 0) await this.#ledger.noteHeldJobs(hold.jobIds, hold.reason, iso);
    const verdicts = found.forks;
    if (verdicts !== null && (verdicts.unvetted.length > 0 || verdicts.denied.length > 0)) this.#onForks?.(verdicts);
    return claimed;
  }

  /** Whether the planner still retires a runner of this pool, from facts read under its lock. */
  stillSurplus(facts: PoolFacts): boolean {
    const now = this.#clock.now();
    return plan({ now, pools: this.inputs([facts], now), budget: 0 }).retirements.length > 0;
  }
}
