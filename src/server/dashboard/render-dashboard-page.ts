import type { DeliveryRecord, JobRecord } from "../../ledger/records.js";
import { FLAVORS } from "../../config/flavors.js";
import type { PoolView, QueueView } from "../read-queue-view.js";
import type { ReadinessCheck } from "../server-deps.js";
import { html, jsonForScript, type SafeHtml } from "./html.js";
import { renderCharts } from "./render-charts.js";
import { renderDeliveries } from "./render-deliveries.js";
import { renderHealth } from "./render-health.js";
import { renderJobsTable } from "./render-jobs-table.js";
import { renderLayout, type AccessMode } from "./render-layout.js";
import { renderPools } from "./render-pools.js";
import { renderSummary } from "./render-summary.js";

/** Everything the dashboard shows, read at one moment. */
export interface DashboardData {
  readonly now: number;
  /** The table's jobs, newest first. */
  readonly jobs: readonly JobRecord[];
  /** A larger window of jobs for the charts and the day's totals. */
  readonly chartJobs: readonly JobRecord[];
  readonly pools: readonly PoolView[];
  /** The ledger's one count of queued and refused jobs; null without a ledger. */
  readonly queue: QueueView | null;
  readonly deliveries: readonly DeliveryRecord[];
  readonly readiness: { ready: boolean; checks: Record<string, ReadinessCheck> };
}

/** The parts of the page the client script refreshes by name (`/dashboard/sections/:name`). */
export const DASHBOARD_SECTIONS = {
  summary: (data: DashboardData) => renderSummary(data.chartJobs, data.now, data.queue),
  charts: (data: DashboardData) => renderCharts(data.chartJobs, data.now),
  pools: (data: DashboardData) => renderPools(data.pools),
  deliveries: (data: DashboardData) => renderDeliveries(data.deliveries),
  health: (data: DashboardData) => renderHealth(data.readiness),
} as const satisfies Record<string, (data: DashboardData) => SafeHtml>;
export type DashboardSection = keyof typeof DASHBOARD_SECTIONS;

const PRICES = Object.fromEntries(FLAVORS.map((flavor) => [flavor.name, flavor.priceUsdPerHour]));

function section(name: DashboardSection, title: string, data: DashboardData, extra = ""): SafeHtml {
  return html`<section class="panel ${extra}" aria-labelledby="h-${name}"><h2 id="h-${name}">${title}</h2><div id="section-${name}" aria-live="polite">${DASHBOARD_SECTIONS[name](data)}</div></section>`;
}

export function renderDashboardPage(data: DashboardData, access: AccessMode): SafeHtml {
  const body = html`<h1 class="visually-hidden">offload dashboard</h1>
<div class="tiles" id="section-summary">${DASHBOARD_SECTIONS.summary(data)}</div>
<section class="panel" aria-labelledby="h-jobs"><div class="panel-head"><h2 id="h-jobs">Jobs</h2><span class="live" id="live-status" role="status">connecting…</span></div>${renderJobsTable(data.jobs, data.now)}</section>
<section class="panel" aria-labelledby="h-charts"><h2 id="h-charts">Charts</h2><div class="charts" id="section-charts">${DASHBOARD_SECTIONS.charts(data)}</div></section>
<div class="columns">${section("pools", "Pools: demand and runners", data)}${section("health", "Health", data)}</div>
${section("deliveries", "Recent webhook deliveries", data)}
<script type="application/json" id="flavor-prices">${jsonForScript(PRICES)}</script>`;
  return renderLayout({ title: "Dashboard", page: "dashboard", access, body });
}
