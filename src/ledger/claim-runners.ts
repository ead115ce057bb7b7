import { sql } from "kysely";
import { OffloadError } from "../errors/offload-error.js";
import type { LedgerDb } from "./ledger-database.js";
import { countOpenDemand } from "./count-open-demand.js";

export interface RunnerPlan {
  readonly name: string;
  readonly poolKey: string;
  readonly provider: string;
  readonly forJobId: number | null;
}

export interface ClaimOptions {
  /** Claim only as many per pool as it lacks at commit time (the reconciler always asks this). */
  readonly onlyForOpenDemand?: boolean;
}

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
export async function claimRunners(db: LedgerDb, plans: readonly RunnerPlan[], now: string, options: ClaimOptions = {}): Promise<string[]> {
  if (plans.length === 0) return [];
  if (options.onlyForOpenDemand === true) plans = await keepPlansWithDemand(db, plans);
  if (plans.length === 0) return [];
  const names = plans.map((p) => p.name.toLowerCase());
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  const taken = await db
    .selectFrom("runners")
    .select("name")
    .where(sql<string>`lower(name)`, "in", names)
    .executeTakeFirst();
  const clash = taken?.name ?? repeated;
  if (clash !== undefined) {
    throw new OffloadError("OFFLOAD_LEDGER", `Runner name '${clash}' in the ledger: every planned runner needs a name not used before`, {
      remedy: "Generate runner names with a random suffix; this is a bug in the caller, not in the database.",
    });
  }
  await db
    .insertInto("runners")
    .values(
      plans.map((plan) => ({
        name: plan.name,
        pool_key: plan.poolKey,
        provider: plan.provider,
        state: "planned",
        for_job_id: plan.forJobId,
        took_job_id: null,
        github_runner_id: null,
        compute_id: null,
        reason: plan.forJobId === null ? "planned" : `planned for job ${plan.forJobId}`,
        created_at: now,
        updated_at: now,
        launched_at: null,
        busy_at: null,
        ended_at: null,
      })),
    )
    .execute();
  return plans.map((plan) => plan.name);
}

/** Per pool, at most (queued jobs − runners that can still take one) plans. */
async function keepPlansWithDemand(db: LedgerDb, plans: readonly RunnerPlan[]): Promise<RunnerPlan[]> {
  const open = await countOpenDemand(db, [...new Set(plans.map((p) => p.poolKey))]);
  return plans.filter((plan) => {
    const left = open.get(plan.poolKey) ?? 0;
    if (left <= 0) return false;
    open.set(plan.poolKey, left - 1);
    return true;
  });
}
