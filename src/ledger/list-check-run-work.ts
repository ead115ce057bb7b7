import type { Selectable } from "kysely";
import type { JobsTable } from "./ledger-database.js";
import type { JobRecord } from "./records.js";
import { IDLE_STATES_SQL } from "./runner-states.js";
import { toJobRecord } from "./to-records.js";
import { selectRows, type Transition } from "./transition.js";

/** A job whose check run must be posted or updated, with what is needed to do it. */
export interface CheckRunWork {
  readonly job: JobRecord;
  /** The check run already posted, or null for a first post. */
  readonly checkRunId: number | null;
  /** The run's head commit when known (a check run is posted on a commit). */
  readonly headSha: string | null;
}

type Row = Selectable<JobsTable> & { check_run_id: number | null; head_sha: string | null };

/** What a check run shows of a job; a change of it is what makes an update due. */
export const POSTED_SQL = "j.status || '|' || j.reason";

/**
 * Jobs to explain on GitHub: ours but refused, or queued since before `queuedBefore` with no
 * runner on its way for them (held, not launched at once), first seen after `seenAfter` and still open, with no check run yet; and
 * every job whose check run shows something other than its status and reason now.
 */
export function* listCheckRunWork(input: { queuedBefore: string; seenAfter: string; limit: number }): Transition<CheckRunWork[]> {
  const rows = yield* selectRows<Row>(
    "select j.*, c.check_run_id, r.head_sha from jobs j left join check_runs c on c.job_id = j.job_id left join runs r on r.run_id = j.run_id " +
      "where (c.job_id is null and j.status <> 'completed' and j.first_seen_at > ? and (j.routing = 'refused' or (j.routing = 'pool' and j.status = 'queued' and j.first_seen_at < ? " +
      `and not exists (select 1 from runners w where w.for_job_id = j.job_id and w.state in (${IDLE_STATES_SQL}))))) ` +
      `or (c.job_id is not null and c.posted <> ${POSTED_SQL}) order by j.first_seen_at, j.job_id limit ?`,
    [input.seenAfter, input.queuedBefore, input.limit],
  );
  return rows.map(({ check_run_id, head_sha, ...job }) => ({ job: toJobRecord(job), checkRunId: check_run_id, headSha: head_sha }));
}

/** The text stored for a posted check run, matching `POSTED_SQL`. */
export function postedOf(job: Pick<JobRecord, "status" | "reason">): string {
  return `${job.status}|${job.reason}`;
}
