import type { Selectable, Updateable } from "kysely";
import type { DialectProfile } from "./dialect.js";
import type { RunnersTable } from "./ledger-database.js";
import { lockPools } from "./lock-pools.js";
import type { PoolFacts } from "./pool-facts.js";
import { readPoolFacts } from "./read-pool-facts.js";
import { requireRunner } from "./find-runner.js";
import type { Transition } from "./transition.js";
import { updateRunner } from "./update-runner.js";

/** The runner is surplus. Only a runner that has not taken a job can be; a busy or ended one stays. */
export function cancellingPatch(runner: Selectable<RunnersTable>, reason: string, now: string): Updateable<RunnersTable> | null {
  if (runner.state !== "planned" && runner.state !== "registered" && runner.state !== "launched") return null;
  return { state: "cancelling", reason, updated_at: now };
}

/**
 * Marks the runner cancelling and says whether it now is. With `stillSurplus` (the planner), only
 * while it still retires a runner of the pool given the facts read under the pool's lock: a job
 * queued since the reconciler's pass keeps the runner it would otherwise lose.
 */
export function* markRunnerCancelling(
  dialect: DialectProfile,
  name: string,
  reason: string,
  now: string,
  options: { stillSurplus?: (facts: PoolFacts) => boolean } = {},
): Transition<boolean> {
  const runner = yield* requireRunner(dialect, name);
  if (runner.state === "cancelling") return true;
  const patch = cancellingPatch(runner, reason, now);
  if (patch === null) return false;
  if (options.stillSurplus !== undefined) {
    yield* lockPools(dialect, [runner.pool_key]);
    const [facts] = yield* readPoolFacts({ onlyKeys: [runner.pool_key] });
    if (facts === undefined || !options.stillSurplus(facts)) return false;
  }
  yield* updateRunner(runner.name, patch);
  return true;
}
