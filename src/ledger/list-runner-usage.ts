import type { LedgerDb } from "./ledger-database.js";

/** One runner's compute as cost reports need it: when it ran, on what, for which repository. */
export interface RunnerUsage {
  readonly name: string;
  readonly poolKey: string;
  readonly flavor: string;
  /** `owner/name`: the job it took, else the pool's repository, else the pool's owner for org pools. */
  readonly repo: string;
  readonly jobId: number | null;
  readonly launchedAt: string;
  readonly busyAt: string | null;
  readonly endedAt: string | null;
}

/** Where a pool's scope says its runners belong, from the scope's JSON. */
function scopeRepo(scope: string): string {
  const parsed = JSON.parse(scope) as { owner?: string; repo?: string };
  return parsed.repo === undefined ? `${parsed.owner ?? "?"}/*` : `${parsed.owner ?? "?"}/${parsed.repo}`;
}

/**
 * Runners whose compute started and was still running at `since` or later (ISO): what costs
 * accrued from `since` on. One read, joined with the pool and the job the runner took.
 */
export async function listRunnerUsage(db: LedgerDb, since: string): Promise<RunnerUsage[]> {
  const rows = await db
    .selectFrom("runners")
    .innerJoin("pools", "pools.key", "runners.pool_key")
    .leftJoin("jobs", "jobs.job_id", "runners.took_job_id")
    .select(["runners.name", "runners.pool_key", "pools.flavor", "pools.scope", "jobs.repo", "runners.took_job_id", "runners.launched_at", "runners.busy_at", "runners.ended_at"])
    .where("runners.launched_at", "is not", null)
    .where((eb) => eb.or([eb("runners.ended_at", "is", null), eb("runners.ended_at", ">=", since)]))
    .orderBy("runners.launched_at")
    .execute();
  return rows.map((row) => ({
    name: row.name,
    poolKey: row.pool_key,
    flavor: row.flavor,
    repo: row.repo ?? scopeRepo(row.scope),
    jobId: row.took_job_id,
    launchedAt: row.launched_at as string,
    busyAt: row.busy_at,
    endedAt: row.ended_at,
  }));
}
