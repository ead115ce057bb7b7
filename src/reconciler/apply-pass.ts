import type { PlannedRunner } from "../ledger/claim-planned.js";
import type { PoolRecord } from "../ledger/records.js";
import { applyDecision } from "./apply-decision.js";
import type { Circuits } from "./circuits.js";
import { cancelRunner } from "./cancel-runner.js";
import type { Decision } from "./decide.js";
import type { EffectTracker } from "./effect-tracker.js";
import type { ReconcilerDeps } from "./effects.js";
import type { LaunchPlanner } from "./launch-planner.js";
import { launchRunner } from "./launch-runner.js";

/** What the apply loop starts effects with. */
export interface ApplyContext {
  readonly deps: ReconcilerDeps;
  readonly tracker: EffectTracker;
  readonly circuits: Circuits;
  readonly planner: LaunchPlanner;
}

/** Effects a pass starts before it lets the event loop serve other work (webhooks) again. */
const EFFECTS_PER_TURN = 20;

export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Starts one claimed launch in the background; its outcome feeds the circuits. */
export function startLaunch(context: ApplyContext, claim: PlannedRunner, wakeAfter: boolean): void {
  const launched = launchRunner(context.deps, claim.name, claim.pool, claim.forJobId).then((outcome) => {
    context.circuits.noteLaunch(claim.pool, outcome);
    return outcome.ok;
  });
  context.tracker.track(claim.name, launched, wakeAfter);
}

/**
 * The thin loop around the planner: emits `runner:planned` for each claimed launch and starts it,
 * and starts the effect of every other decision (settle, retire). Every 20 effects it yields the
 * event loop: each starts with a ledger write on this thread, and hundreds at once (a timer pass
 * settling every runner that ended since the last) held webhooks for 50 ms and more.
 */
export async function applyPass(
  context: ApplyContext,
  input: { claimed: readonly PlannedRunner[]; decisions: readonly Decision[]; pools: ReadonlyMap<string, PoolRecord>; wakeAfter: boolean },
): Promise<{ launched: number; cancelled: number }> {
  const { bus } = context.deps;
  let started = 0;
  for (const claim of input.claimed) {
    bus.emit("runner:planned", { name: claim.name, poolKey: claim.pool.key, forJobId: claim.forJobId });
    startLaunch(context, claim, input.wakeAfter);
    if (++started % EFFECTS_PER_TURN === 0) await nextTurn();
  }
  let cancelled = 0;
  for (const decision of input.decisions) {
    if (decision.kind === "launch" || decision.kind === "hold") continue;
    if (decision.kind === "cancel") cancelled++;
    const name = decision.kind === "orphan" ? decision.runnerName : decision.runner.name;
    const pool = decision.kind === "orphan" ? undefined : input.pools.get(decision.runner.poolKey);
    // A boot failure asks for a pass when its effect ends: the first replacement goes out at once.
    const bootFailure = (decision.kind === "end" || decision.kind === "cancel") && decision.bootFailure === true;
    const effect = applyEffect(context, decision, name, pool);
    context.tracker.track(name, bootFailure ? effect.then(() => false) : effect, input.wakeAfter);
    if (++started % EFFECTS_PER_TURN === 0) await nextTurn();
  }
  return { launched: input.claimed.length, cancelled };
}

/** A retirement is checked again under the pool's lock with the planner; other effects as decided. */
function applyEffect(context: ApplyContext, decision: Decision, name: string, pool: PoolRecord | undefined): Promise<unknown> {
  if (decision.kind !== "cancel") return applyDecision(context.deps, decision, name, pool);
  const recheck = decision.runner.state !== "cancelling" && decision.bootFailure !== true;
  return cancelRunner(context.deps, decision.runner, pool, decision.reason, decision.bootFailure === true, recheck ? (facts) => context.planner.stillSurplus(facts) : undefined);
}
