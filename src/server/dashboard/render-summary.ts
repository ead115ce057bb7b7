import type { JobRecord } from "../../ledger/records.js";
import { formatCost } from "./format-duration.js";
import { html, type SafeHtml } from "./html.js";
import { viewJob } from "./job-view.js";

const DAY = 86_400_000;

/** Four numbers at the top: what waits, what runs, what finished and what it cost in the last day. */
export function renderSummary(jobs: readonly JobRecord[], now: number): SafeHtml {
  const served = jobs.filter((job) => job.routing === "pool");
  const queued = served.filter((job) => job.status === "queued" || job.status === "waiting").length;
  const running = served.filter((job) => job.status === "in_progress").length;
  const recent = served.filter((job) => job.completedAt !== null && now - Date.parse(job.completedAt) < DAY);
  const cost = served.filter((job) => job.startedAt !== null && now - Date.parse(job.completedAt ?? new Date(now).toISOString()) < DAY).reduce((total, job) => total + (viewJob(job, now).costUsd ?? 0), 0);
  const tile = (label: string, value: string | number, id: string): SafeHtml => html`<div class="tile"><span class="tile-value" id="${id}">${value}</span><span class="tile-label">${label}</span></div>`;
  return html`${tile("queued", queued, "count-queued")}${tile("running", running, "count-running")}${tile("completed, 24 h", recent.length, "count-completed")}${tile("est. cost, 24 h", formatCost(cost), "cost-day")}`;
}
