import type { LedgerDb } from "./ledger-database.js";
import { clampLimit } from "./list-jobs.js";
import { TERMINAL_RUNNER_STATES } from "../domain/runner-states.js";
import type { RunnerRecord } from "./records.js";
import { ACTIVE_RUNNER_STATES } from "../domain/runner-states.js";
import { toRunnerRecord } from "./to-records.js";

export interface RunnerFilter {
  /** true: only runners not yet ended; false: only ended ones; absent: all. */
  readonly active?: boolean;
  readonly poolKey?: string;
  readonly limit?: number;
}

/** Runners newest first. */
export async function listRunners(db: LedgerDb, filter: RunnerFilter = {}): Promise<RunnerRecord[]> {
  let query = db.selectFrom("runners").selectAll();
  if (filter.active !== undefined) query = query.where("state", "in", filter.active ? ACTIVE_RUNNER_STATES : TERMINAL_RUNNER_STATES);
  if (filter.poolKey !== undefined) query = query.where("pool_key", "=", filter.poolKey);
  const rows = await query.orderBy("created_at", "desc").orderBy("name").limit(clampLimit(filter.limit)).execute();
  return rows.map(toRunnerRecord);
}

/** One runner by its exact name. */
export async function getRunner(db: LedgerDb, name: string): Promise<RunnerRecord | null> {
  const row = await db.selectFrom("runners").selectAll().where("name", "=", name).executeTakeFirst();
  return row === undefined ? null : toRunnerRecord(row);
}
