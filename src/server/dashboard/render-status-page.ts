import type { JobRecord } from "../../ledger/records.js";
import type { PoolView, QueueView } from "../read-queue-view.js";
import type { ReadinessCheck } from "../server-deps.js";
import { html, type SafeHtml } from "./html.js";
import { renderHealth } from "./render-health.js";
import { renderLayout, type AccessMode } from "./render-layout.js";
import { renderSummary } from "./render-summary.js";

/** What `/status` shows: counts and health only, never a repository or job name (it may be public). */
export interface StatusData {
  readonly now: number;
  readonly jobs: readonly JobRecord[];
  readonly pools: readonly PoolView[];
  readonly queue: QueueView | null;
  readonly readiness: { ready: boolean; checks: Record<string, ReadinessCheck> };
}

function renderFlavorDemand(pools: readonly PoolView[]): SafeHtml {
  const byFlavor = new Map<string, { queued: number; idle: number; busy: number }>();
  for (const pool of pools) {
    const total = byFlavor.get(pool.flavor) ?? { queued: 0, idle: 0, busy: 0 };
    byFlavor.set(pool.flavor, { queued: total.queued + pool.queued, idle: total.idle + pool.idle, busy: total.busy + pool.busy });
  }
  if (byFlavor.size === 0) return html`<p class="empty">No runners or queued jobs.</p>`;
  const rows = [...byFlavor].sort((a, b) => a[0].localeCompare(b[0])).map(([flavor, n]) => html`<tr><td data-label="Flavor">${flavor}</td><td data-label="Queued" class="num">${n.queued}</td><td data-label="Idle" class="num">${n.idle}</td><td data-label="Busy" class="num">${n.busy}</td></tr>`);
  return html`<table class="cards-on-phone"><caption class="visually-hidden">Demand and runners per flavor</caption><thead><tr><th scope="col">Flavor</th><th scope="col" class="num">Queued</th><th scope="col" class="num">Idle</th><th scope="col" class="num">Busy</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function renderStatusPage(data: StatusData, access: AccessMode): SafeHtml {
  const body = html`<h1>Status</h1><div class="tiles">${renderSummary(data.jobs, data.now, data.queue)}</div>
<div class="columns"><section class="panel" aria-labelledby="h-health"><h2 id="h-health">Health</h2>${renderHealth(data.readiness)}</section>
<section class="panel" aria-labelledby="h-flavors"><h2 id="h-flavors">Runners per flavor</h2>${renderFlavorDemand(data.pools)}</section></div>`;
  return renderLayout({ title: "Status", page: "status", access, body });
}
