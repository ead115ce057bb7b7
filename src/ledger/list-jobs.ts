import { sql } from "kysely";
import type { JobFilter } from "./ledger.js";
import type { LedgerDb } from "./ledger-database.js";
import type { JobRecord } from "./records.js";
import { toJobRecord } from "./to-records.js";

export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 1000;

/** Jobs newest first (GitHub's ids grow), filtered for the API and the CLI; `beforeJobId` pages. */
export async function listJobs(db: LedgerDb, filter: JobFilter = {}): Promise<JobRecord[]> {
  let query = db.selectFrom("jobs").selectAll();
  if (filter.status !== undefined) query = query.where("status", "=", filter.status);
  if (filter.repo !== undefined) query = query.where(sql<string>`lower(repo)`, "=", filter.repo.toLowerCase());
  if (filter.beforeJobId !== undefined) query = query.where("job_id", "<", filter.beforeJobId);
  if (filter.label !== undefined) {
    // Labels are a JSON array of strings; a label is found as its quoted JSON form, any case.
    const needle = `%${escapeLike(JSON.stringify(filter.label.toLowerCase()))}%`;
    query = query.where(sql<boolean>`lower(labels) like ${needle} escape '\\'`);
  }
  const rows = await query.orderBy("job_id", "desc").limit(clampLimit(filter.limit)).execute();
  return rows.map(toJobRecord);
}

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIST_LIMIT;
  return Math.min(Math.max(Math.trunc(limit), 1), MAX_LIST_LIMIT);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
