import { appendJobEvent } from "./append-job-event.js";
import { placeholders, selectRows, execute, type Transition } from "./transition.js";

/**
 * Gives queued jobs the reason the planner holds them, only where it differs from what they show,
 * so a hold that lasts many passes writes its history line once. Returns how many changed.
 */
export function* noteHeldJobs(jobIds: readonly number[], reason: string, now: string): Transition<number> {
  if (jobIds.length === 0) return 0;
  const changed = yield* selectRows<{ job_id: number }>(
    `select job_id from jobs where job_id in (${placeholders(jobIds.length)}) and status = 'queued' and reason <> ?`,
    [...jobIds, reason],
  );
  if (changed.length === 0) return 0;
  const ids = changed.map((row) => row.job_id);
  yield* execute(`update jobs set reason = ?, updated_at = ? where job_id in (${placeholders(ids.length)})`, [reason, now, ...ids]);
  for (const jobId of ids) yield* appendJobEvent({ jobId, at: now, kind: "held", detail: reason });
  return ids.length;
}
