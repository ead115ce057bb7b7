import { findFlavor } from "../../config/flavors.js";
import type { JobRecord } from "../../ledger/records.js";

/** What the dashboard shows of one job beyond its record: derived at a given instant. */
export interface JobView {
  /** `queued`, `waiting`, `running`, `completed`, or `ignored` / `refused` for jobs offload will not serve. */
  readonly state: string;
  /** GitHub created the job → a runner took it (or now, while it waits). */
  readonly queueMs: number | null;
  /** A runner took it → it completed (or now, while it runs). */
  readonly runMs: number | null;
  readonly priceUsdPerHour: number | null;
  /** Run time at the flavor's list price: an estimate, HF bills the machine's whole life. */
  readonly costUsd: number | null;
}

const STATE_WORDS: Readonly<Record<string, string>> = { in_progress: "running" };

function between(from: string | null, to: string | null, now: number): number | null {
  if (from === null) return null;
  const start = Date.parse(from);
  const end = to === null ? now : Date.parse(to);
  return Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, end - start) : null;
}

export function viewJob(job: JobRecord, now: number): JobView {
  const open = job.status !== "completed";
  const state = open && job.routing !== "pool" ? job.routing : (STATE_WORDS[job.status] ?? job.status);
  const queueEnd = job.startedAt ?? job.completedAt;
  const queueMs = between(job.createdAt, queueEnd, now);
  const runMs = between(job.startedAt, job.completedAt, now);
  const price = job.flavor === null ? null : (findFlavor(job.flavor)?.priceUsdPerHour ?? null);
  const costUsd = price === null || runMs === null ? null : (runMs / 3_600_000) * price;
  return { state, queueMs, runMs, priceUsdPerHour: price, costUsd };
}
