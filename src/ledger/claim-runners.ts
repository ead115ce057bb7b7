import { OffloadError } from "../errors/offload-error.js";
import { countOpenDemand } from "./count-open-demand.js";
import type { DialectProfile } from "./dialect.js";
import { lockPools } from "./lock-pools.js";
import { execute, placeholders, selectRow, type SqlValue, type Transition } from "./transition.js";

export interface RunnerPlan {
  readonly name: string;
  readonly poolKey: string;
  readonly provider: string;
  readonly forJobId: number | null;
}

export interface ClaimOptions {
  /** Claim only as many per pool as it lacks at commit time (the reconciler always asks this). */
  readonly onlyForOpenDemand?: boolean;
  /**
   * With `onlyForOpenDemand`: lock the pools' rows before counting (PostgreSQL), as `claimDemand`
   * does. Without the lock, two replicas counted the same open demand at once (each blind to the
   * other's uncommitted runners) and both claimed a runner for it: 10 extra launches in 1000.
   */
  readonly dialect?: DialectProfile;
}

const RUNNER_COLUMNS = "name, pool_key, provider, state, for_job_id, took_job_id, github_runner_id, compute_id, reason, created_at, updated_at, launched_at, busy_at, ended_at";

/**
 * Writes runners in state `planned` before anything is created, so a crash between planning and
 * launching leaves a trace the reconciler finds instead of a second launch. GitHub compares runner
 * names without case, so a name taken in any case is refused.
 *
 * With `onlyForOpenDemand`, a plan is only claimed while its pool still lacks supply *now*: the reconciler decided from a
 * snapshot that webhooks may have overtaken (under load a job went in_progress and completed
 * between the snapshot and the claim, and got a runner it no longer needed). Returns the names
 * claimed, in plan order.
 */
export function* claimRunners(plans: readonly RunnerPlan[], now: string, options: ClaimOptions = {}): Transition<string[]> {
  if (plans.length === 0) return [];
  if (options.onlyForOpenDemand === true) {
    if (options.dialect !== undefined) yield* lockPools(options.dialect, [...new Set(plans.map((p) => p.poolKey))].sort());
    plans = yield* keepPlansWithDemand(plans);
  }
  if (plans.length === 0) return [];
  const names = plans.map((p) => p.name.toLowerCase());
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  const taken = yield* selectRow<{ name: string }>(`select name from runners where lower(name) in (${placeholders(names.length)}) limit 1`, names);
  const clash = taken?.name ?? repeated;
  if (clash !== undefined) {
    throw new OffloadError("OFFLOAD_LEDGER", `Runner name '${clash}' in the ledger: every planned runner needs a name not used before`, {
      remedy: "Generate runner names with a random suffix; this is a bug in the caller, not in the database.",
    });
  }
  const row = `(?, ?, ?, 'planned', ?, null, null, null, ?, ?, ?, null, null, null)`;
  const params: SqlValue[] = plans.flatMap((plan) => [
    plan.name, plan.poolKey, plan.provider, plan.forJobId, plan.forJobId === null ? "planned" : `planned for job ${plan.forJobId}`, now, now,
  ]);
  yield* execute(`insert into runners (${RUNNER_COLUMNS}) values ${plans.map(() => row).join(", ")}`, params);
  return plans.map((plan) => plan.name);
}

/** Per pool, at most (queued jobs − runners that can still take one) plans. */
function* keepPlansWithDemand(plans: readonly RunnerPlan[]): Transition<RunnerPlan[]> {
  const open = yield* countOpenDemand([...new Set(plans.map((p) => p.poolKey))]);
  return plans.filter((plan) => {
    const left = open.get(plan.poolKey) ?? 0;
    if (left <= 0) return false;
    open.set(plan.poolKey, left - 1);
    return true;
  });
}
