import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { JobRecord } from "../../../src/ledger/records.js";
import { formatCost, formatDuration } from "../../../src/server/dashboard/format-duration.js";
import { html, jsonForScript } from "../../../src/server/dashboard/html.js";
import { niceCeiling, renderBarChart } from "../../../src/server/dashboard/render-bar-chart.js";
import { countJobsPerHour, countQueueTimes } from "../../../src/server/dashboard/render-charts.js";
import { renderJobRow } from "../../../src/server/dashboard/render-jobs-table.js";
import { viewJob } from "../../../src/server/dashboard/job-view.js";

const NOW = Date.parse("2026-03-01T12:30:00Z");

function job(overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    jobId: 1, runId: 2, runAttempt: 1, repo: "acme/app", ownerType: "Organization", installationId: 3, status: "queued", conclusion: null,
    labels: ["hf-jobs-t4-small"], name: "tests", workflowName: "CI", headBranch: "main", htmlUrl: null, runnerName: null, runnerId: null,
    createdAt: "2026-03-01T12:00:00Z", poolKey: "p", routing: "pool", reason: "queued", flavor: "t4-small", firstSeenAt: "2026-03-01T12:00:00Z",
    updatedAt: "2026-03-01T12:00:00Z", startedAt: null, completedAt: null,
    ...overrides,
  };
}

/** The client script's own formatDuration/formatCost, evaluated from assets/dashboard.js. */
function clientFormatters(): { formatDuration: (ms: number | null) => string; formatCost: (usd: number | null) => string } {
  const source = readFileSync(new URL("../../../src/server/dashboard/assets/dashboard.js", import.meta.url), "utf8");
  const pick = (name: string) => /(function \w+\([^)]*\) \{[\s\S]*?\n\})/.exec(source.slice(source.indexOf(`function ${name}(`)))?.[1] ?? "";
  return new Function(`${pick("formatDuration")}\n${pick("formatCost")}\nreturn { formatDuration, formatCost };`)();
}

describe("the dashboard's rendering", () => {
  it("renders a job name with <script> as text", () => {
    const row = renderJobRow(job({ name: '<script>alert("x")</script>', reason: "a & b", labels: ["<img src=x onerror=alert(1)>"] }), NOW).value;
    expect(row).not.toContain("<script>");
    expect(row).not.toContain("<img");
    expect(row).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(row).toContain("a &amp; b");
  });

  it("keeps JSON inside a script element from closing it", () => {
    expect(jsonForScript({ name: "</script><script>x()</script>" }).value).not.toContain("</script>");
    expect(html`<p title="${'"quoted"'}">${["a", html`<b>b</b>`, null]}</p>`.value).toBe('<p title="&quot;quoted&quot;">a<b>b</b></p>');
  });

  it("derives queue time, run time and cost from the job's instants and its flavor's price", () => {
    expect(viewJob(job(), NOW)).toEqual({ state: "queued", queueMs: 30 * 60_000, runMs: null, priceUsdPerHour: 0.4, costUsd: null });
    const done = viewJob(job({ status: "completed", conclusion: "success", startedAt: "2026-03-01T12:01:00Z", completedAt: "2026-03-01T13:01:00Z" }), NOW);
    expect(done).toMatchObject({ state: "completed", queueMs: 60_000, runMs: 3_600_000, costUsd: 0.4 });
    expect(viewJob(job({ status: "in_progress", startedAt: "2026-03-01T12:00:30Z" }), NOW).state).toBe("running");
    expect(viewJob(job({ routing: "refused", flavor: null }), NOW)).toMatchObject({ state: "refused", priceUsdPerHour: null });
  });

  it.each<[number | null, string]>([[null, "—"], [0, "0s"], [59_999, "59s"], [65_000, "1m 05s"], [3_600_000, "1h 00m"], [7_380_000, "2h 03m"]])("formats %s ms as %s, in the page and in the client script alike", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(clientFormatters().formatDuration(ms)).toBe(text);
  });

  it.each<[number | null, string]>([[null, "—"], [0, "$0.0000"], [0.00133, "$0.0013"], [2.5, "$2.50"]])("formats $%s as %s, in the page and in the client script alike", (usd, text) => {
    expect(formatCost(usd)).toBe(text);
    expect(clientFormatters().formatCost(usd)).toBe(text);
  });
});

describe("the charts", () => {
  it("counts queue times into buckets from seconds to a quarter hour", () => {
    const started = (seconds: number) => job({ startedAt: new Date(Date.parse("2026-03-01T12:00:00Z") + seconds * 1000).toISOString() });
    expect(countQueueTimes([started(1), started(4.9), started(5), started(45), started(3600), job()])).toEqual([2, 1, 0, 1, 0, 0, 0, 1]);
  });

  it("counts jobs per hour by flavor over the last day, busiest flavor first", () => {
    const at = (iso: string, flavor: string | null) => job({ createdAt: iso, flavor });
    const { hours, series } = countJobsPerHour([at("2026-03-01T12:10:00Z", "a10g-large"), at("2026-03-01T12:20:00Z", "t4-small"), at("2026-03-01T11:59:00Z", "t4-small"), at("2026-02-27T00:00:00Z", "t4-small"), at("2026-03-01T12:00:00Z", null)], NOW);
    expect(hours).toHaveLength(24);
    expect(new Date(hours[23] ?? 0).toISOString()).toBe("2026-03-01T12:00:00.000Z");
    expect(series.map((s) => [s.name, s.values.slice(22)])).toEqual([["t4-small", [1, 1]], ["a10g-large", [0, 1]]]);
  });

  it("draws labelled SVG bars whose tooltips say what they count", () => {
    const svg = renderBarChart({ id: "c", title: "Queue <time>", categories: ["<5s", "5–15s"], series: [{ name: "jobs", values: [3, 0] }], unit: "jobs" }).value;
    expect(svg).toContain('role="img"');
    expect(svg).toContain("<title id=\"c-title\">Queue &lt;time&gt;</title>");
    expect(svg).toContain("<title>&lt;5s: 3 jobs</title>");
    expect(svg.match(/<rect /g)).toHaveLength(1);
    expect([0, 1, 3, 7, 11, 240].map(niceCeiling)).toEqual([1, 1, 5, 10, 20, 500]);
  });
});
