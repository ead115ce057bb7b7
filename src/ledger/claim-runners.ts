import { OffloadError } from "../errors/offload-error.js";
import { execute, placeholders, selectRow, type SqlValue, type Transition } from "./transition.js";

export interface RunnerPlan {
  readonly name: string;
  readonly poolKey: string;
  readonly provider: string;
  readonly forJobId: number | null;
}

const RUNNER_COLUMNS = "name, pool_key, provider, state, for_job_id, took_job_id, github_runner_id, compute_id, reason, created_at, updated_at, launched_at, busy_at, ended_at";

/**
 * Writes runners in state `planned` before anything is created, so a crash between planning and
 * launching leaves a trace the reconciler finds instead of a second launch. GitHub compares runner
 * names without case, so a name taken in any case is refused.
 * The reconciler claims through `claimPlanned`, which decides what to write under the pools'
 * locks; this writes exactly the plans it is given and returns their names, in plan order.
 */
export function* claimRunners(plans: readonly RunnerPlan[], now: string): Transition<string[]> {
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
