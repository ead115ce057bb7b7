import type { RunsTable } from "./ledger-database.js";
import type { Selectable } from "kysely";
import { toRunRecord } from "./list-run-records.js";
import type { RunRecord } from "./run-records.js";
import { selectRows, type Transition } from "./transition.js";

/** A queued job of a run that is not known to be private, with its run: what fork holds decide on. */
export interface QueuedRunJob {
  readonly jobId: number;
  readonly poolKey: string;
  readonly run: RunRecord;
}

/**
 * Queued jobs, served by a pool, whose run is public or of unknown privacy. Private runs are left
 * out (GitHub gates forks of private repositories itself), so on private repositories this costs
 * an index look-up and nothing more.
 */
export function* listPublicQueuedRuns(): Transition<QueuedRunJob[]> {
  const rows = yield* selectRows<Selectable<RunsTable> & { job_id: number; pool_key: string }>(
    "select r.*, j.job_id, j.pool_key from runs r join jobs j on j.run_id = r.run_id " +
      "where (r.private is null or r.private = 0) and j.status = 'queued' and j.routing = 'pool' order by j.created_at, j.job_id",
  );
  return rows.map(({ job_id, pool_key, ...run }) => ({ jobId: job_id, poolKey: pool_key, run: toRunRecord(run) }));
}
