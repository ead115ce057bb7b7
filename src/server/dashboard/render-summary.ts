import type { JobRecord } from "../../ledger/records.js";
import type { QueueView } from "../read-queue-view.js";
import { formatCost } from "./format-duration.js";
import { html, type SafeHtml } from "./html.js";
import { viewJob } from "./job-view.js";

const DAY = 86_400_000;

/**
 * Four numbers at the top: what waits, what runs, what finished and what it cost in the last day.
 * "Queued" is the ledger's one count (`Ledger.queue`: jobs offload will run and waits for), the
 * same as `offload status` and `/metrics`; refused jobs are counted apart, with their reasons.
 */
export function renderSummary(jobs: readonly JobRecord[], now: number, queue: QueueView | null): SafeHtml {
  const served = jobs.filter((job) => job.routing === "pool");
  const queued = queue?.queued ?? 0;
  const refused = queue?.refused.reduce((n, r) => n + r.count, 0) ?? 0;
  const running = served.filter((job) => job.status === "in_progress").length;
  const recent = served.filter((job) => job.completedAt !== null && now - Date.parse(job.completedAt) < DAY);
  const cost = served.filter((job) => job.startedAt !== null && now - Date.parse(job.completedAt ?? new Date(now).toISOString()) < DAY).reduce((total, job) => total + (viewJob(job, now).costUsd ?? 0), 0);
  const tile = (label: string, value: string | number, id: string): SafeHtml => html`<div class="tile"><span class="tile-value" id="${id}">${value}</span><span class="tile-label">${label}</span></div>`;
  const refusedTile = refused === 0 ? html`` : html`<div class="tile" title="${queue?.refused.map((r) => `${r.count}: ${r.reason}`).join("\n") ?? ""}"><span class="tile-value" id="count-refused">${refused}</span><span class="tile-label">refused</span></div>`;
  return html`${tile("queued", queued, "count-queued")}${refusedTile}${tile("running", running, "count-running")}${tile("completed, 24 h", recent.length, "count-completed")}${tile("est. cost, 24 h", formatCost(cost), "cost-day")}`;
}
