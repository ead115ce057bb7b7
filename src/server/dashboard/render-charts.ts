import type { JobRecord } from "../../ledger/records.js";
import { html, type SafeHtml } from "./html.js";
import { renderBarChart } from "./render-bar-chart.js";

/** Queue-time buckets (upper bounds in seconds): fine where dispatch should land, coarse where it went wrong. */
const QUEUE_BUCKETS: readonly { readonly upTo: number; readonly label: string }[] = [
  { upTo: 5, label: "<5s" },
  { upTo: 15, label: "5–15s" },
  { upTo: 30, label: "15–30s" },
  { upTo: 60, label: "30s–1m" },
  { upTo: 120, label: "1–2m" },
  { upTo: 300, label: "2–5m" },
  { upTo: 900, label: "5–15m" },
  { upTo: Infinity, label: "15m+" },
];
/** Flavors beyond this many share one `other` series, so the colours stay tellable apart. */
const MAX_SERIES = 6;
const HOUR = 3_600_000;

/** How many jobs waited how long from GitHub queueing them to a runner taking them. */
export function countQueueTimes(jobs: readonly JobRecord[]): number[] {
  const counts = QUEUE_BUCKETS.map(() => 0);
  for (const job of jobs) {
    if (job.startedAt === null) continue;
    const seconds = (Date.parse(job.startedAt) - Date.parse(job.createdAt)) / 1000;
    if (!Number.isFinite(seconds)) continue;
    const index = QUEUE_BUCKETS.findIndex((bucket) => Math.max(0, seconds) < bucket.upTo);
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts;
}

/** Jobs created in each of the 24 hours up to `now`, per flavor (the busiest flavors first). */
export function countJobsPerHour(jobs: readonly JobRecord[], now: number): { hours: number[]; series: { name: string; values: number[] }[] } {
  const firstHour = Math.floor(now / HOUR) * HOUR - 23 * HOUR;
  const hours = Array.from({ length: 24 }, (_, index) => firstHour + index * HOUR);
  const byFlavor = new Map<string, number[]>();
  for (const job of jobs) {
    const index = Math.floor((Date.parse(job.createdAt) - firstHour) / HOUR);
    if (!(index >= 0 && index < 24) || job.flavor === null) continue;
    const values = byFlavor.get(job.flavor) ?? hours.map(() => 0);
    values[index] = (values[index] ?? 0) + 1;
    byFlavor.set(job.flavor, values);
  }
  const ranked = [...byFlavor].sort((a, b) => sum(b[1]) - sum(a[1]) || a[0].localeCompare(b[0]));
  const series = ranked.slice(0, MAX_SERIES - 1).map(([name, values]) => ({ name, values }));
  const rest = ranked.slice(MAX_SERIES - 1);
  if (rest.length === 1 && rest[0] !== undefined) series.push({ name: rest[0][0], values: rest[0][1] });
  if (rest.length > 1) series.push({ name: "other", values: hours.map((_, i) => rest.reduce((total, [, values]) => total + (values[i] ?? 0), 0)) });
  return { hours, series };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function hourLabel(start: number): string {
  return `${String(new Date(start).getUTCHours()).padStart(2, "0")}h`;
}

/** Both charts with their headings and the flavor legend. */
export function renderCharts(jobs: readonly JobRecord[], now: number): SafeHtml {
  const queue = renderBarChart({ id: "chart-queue", title: "Queue time: GitHub queued → runner took the job", categories: QUEUE_BUCKETS.map((bucket) => bucket.label), series: [{ name: "jobs", values: countQueueTimes(jobs) }], unit: "jobs" });
  const perHour = countJobsPerHour(jobs, now);
  const hourly = renderBarChart({ id: "chart-hourly", title: "Jobs per hour by flavor, last 24 hours (UTC)", categories: perHour.hours.map(hourLabel), series: perHour.series, labelEvery: 3, unit: "jobs" });
  const legend = perHour.series.length === 0 ? html`<p class="muted">No jobs with a flavor in the last 24 hours.</p>` : html`<ul class="legend">${perHour.series.map((series, index) => html`<li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect class="series-${index}" width="10" height="10" rx="2"/></svg>${series.name}</li>`)}</ul>`;
  return html`<figure class="chart-card"><figcaption>Queue time</figcaption>${queue}</figure><figure class="chart-card"><figcaption>Jobs per hour by flavor</figcaption>${hourly}${legend}</figure>`;
}
