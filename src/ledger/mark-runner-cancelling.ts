import type { Selectable, Updateable } from "kysely";
import type { DialectProfile } from "./dialect.js";
import type { RunnersTable } from "./ledger-database.js";
import { countOpenDemand } from "./count-open-demand.js";
import { lockPools } from "./lock-pools.js";
import { requireRunner } from "./find-runner.js";
import type { Transition } from "./transition.js";
import { updateRunner } from "./update-runner.js";

/** The runner is surplus. Only a runner that has not taken a job can be; a busy or ended one stays. */
export function cancellingPatch(runner: Selectable<RunnersTable>, reason: string, now: string): Updateable<RunnersTable> | null {
  if (runner.state !== "planned" && runner.state !== "registered" && runner.state !== "launched") return null;
  return { state: "cancelling", reason, updated_at: now };
}

/**
 * Marks the runner cancelling and says whether it now is. With `onlyIfSurplus`, only while its
 * pool has more idle runners than queued jobs at commit time: a job queued since the reconciler's
 * snapshot keeps the runner it would otherwise lose.
 */
export function* markRunnerCancelling(
  dialect: DialectProfile,
  name: string,
  reason: string,
  now: string,
  options: { onlyIfSurplus?: boolean } = {},
): Transition<boolean> {
  const runner = yield* requireRunner(dialect, name);
  if (runner.state === "cancelling") return true;
  const patch = cancellingPatch(runner, reason, now);
  if (patch === null) return false;
  if (options.onlyIfSurplus === true) {
    yield* lockPools(dialect, [runner.pool_key]);
    const open = yield* countOpenDemand([runner.pool_key]);
    if ((open.get(runner.pool_key) ?? 0) >= 0) return false;
  }
  yield* updateRunner(runner.name, patch);
  return true;
}
