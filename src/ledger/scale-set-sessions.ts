import { execute, selectRow, selectRows, type Transition } from "./transition.js";
import type { ReportedDemand } from "./record-scale-set-message.js";

/** The message session a scale set holds, kept so a restart after a crash can delete it. */
export interface ScaleSetSessionRecord {
  readonly scaleSet: string;
  readonly scaleSetId: number;
  readonly sessionId: string;
  readonly openedAt: string;
}

export function* saveScaleSetSession(record: ScaleSetSessionRecord): Transition<void> {
  yield* execute(
    "insert into scale_set_sessions (scale_set, scale_set_id, session_id, opened_at) values (?, ?, ?, ?) on conflict (scale_set) do update set scale_set_id = excluded.scale_set_id, session_id = excluded.session_id, opened_at = excluded.opened_at",
    [record.scaleSet, record.scaleSetId, record.sessionId, record.openedAt],
  );
}

/** Forgets the session, only if it is still this one (a newer one may have replaced it). */
export function* forgetScaleSetSession(scaleSet: string, sessionId: string): Transition<void> {
  yield* execute("delete from scale_set_sessions where scale_set = ? and session_id = ?", [scaleSet, sessionId]);
}

export function* findScaleSetSession(scaleSet: string): Transition<ScaleSetSessionRecord | null> {
  const row = yield* selectRow<{ scale_set: string; scale_set_id: number; session_id: string; opened_at: string }>("select * from scale_set_sessions where scale_set = ?", [scaleSet]);
  return row === null ? null : { scaleSet: row.scale_set, scaleSetId: Number(row.scale_set_id), sessionId: row.session_id, openedAt: row.opened_at };
}

/** Every pool's demand as GitHub last reported it: what the launch planner reads for scale-set pools. */
export function* readReportedDemand(): Transition<ReportedDemand[]> {
  const rows = yield* selectRows<Record<string, string | number>>("select * from reported_demand order by pool_key");
  return rows.map((row) => ({
    poolKey: String(row["pool_key"]),
    scaleSet: String(row["scale_set"]),
    assignedJobs: Number(row["assigned_jobs"]),
    runningJobs: Number(row["running_jobs"]),
    availableJobs: Number(row["available_jobs"]),
    registeredRunners: Number(row["registered_runners"]),
    busyRunners: Number(row["busy_runners"]),
    idleRunners: Number(row["idle_runners"]),
    warm: Number(row["warm"]),
    reportedAt: String(row["reported_at"]),
  }));
}
