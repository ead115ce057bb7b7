import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { EventBus } from "../../src/events/event-bus.js";
import { createMetrics } from "../../src/server/create-metrics.js";

const run = promisify(execFile);
const PROMETHEUS = new URL("../../deploy/prometheus/", import.meta.url).pathname;
const DASHBOARD = new URL("../../deploy/grafana/offload.json", import.meta.url);

interface RuleFile {
  groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
}

interface Dashboard {
  panels: Array<{ id: number; title: string; targets: Array<{ expr: string }> }>;
}

/** Every series name the dispatcher's /metrics serves: each metric, and a histogram's _bucket, _sum and _count. */
async function exportedSeries(): Promise<Set<string>> {
  const metrics = createMetrics({ ledger: null, bus: new EventBus() });
  try {
    const names = new Set<string>();
    for (const metric of await metrics.registry.getMetricsAsJSON()) {
      names.add(metric.name);
      if (String(metric.type) === "histogram") for (const suffix of ["_bucket", "_sum", "_count"]) names.add(`${metric.name}${suffix}`);
    }
    return names;
  } finally {
    metrics.close();
  }
}

function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\boffload_[a-z0-9_]+/g)].map((match) => match[0]);
}

describe("operations kit", () => {
  it("passes promtool check rules", async () => {
    const { stdout } = await run("promtool", ["check", "rules", "offload-alerts.yml"], { cwd: PROMETHEUS, timeout: 30_000 });
    expect(stdout).toMatch(/SUCCESS: 7 rules found/);
  });

  it("proves with promtool's unit tests that the alerts fire on the series that should raise them", async () => {
    const { stdout } = await run("promtool", ["test", "rules", "offload-alerts.test.yml"], { cwd: PROMETHEUS, timeout: 30_000 });
    expect(stdout).toContain("SUCCESS");
    const tests = parse(await readFile(`${PROMETHEUS}/offload-alerts.test.yml`, "utf8")) as { tests: Array<{ alert_rule_test: Array<{ alertname: string; exp_alerts: unknown[] }> }> };
    const firing = new Set(tests.tests.flatMap((t) => t.alert_rule_test.filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)));
    expect(firing.size).toBeGreaterThanOrEqual(2);
    expect([...firing]).toEqual(expect.arrayContaining(["OffloadQueueDeep", "OffloadProviderCircuitOpen", "OffloadNoLeader"]));
  });

  it("alerts on queue depth, startup p95, launch failures, an open circuit, webhook rejections and no leader", async () => {
    const rules = parse(await readFile(`${PROMETHEUS}/offload-alerts.yml`, "utf8")) as RuleFile;
    const byName = new Map(rules.groups.flatMap((g) => g.rules).map((rule) => [rule.alert, rule.expr]));
    expect(byName.get("OffloadQueueDeep")).toContain('offload_jobs{state="queued"');
    expect(byName.get("OffloadJobStartupSlow")).toMatch(/histogram_quantile\(0\.95, .*offload_job_startup_seconds_bucket/);
    expect(byName.get("OffloadLaunchFailures")).toContain('offload_runner_launches_total{result="failed"}');
    expect(byName.get("OffloadProviderCircuitOpen")).toContain("offload_provider_calls_total");
    expect(byName.get("OffloadWebhookRejections")).toContain('offload_webhook_deliveries_total{result="rejected"}');
    expect(byName.get("OffloadNoLeader")).toContain("offload_leader");
  });

  it("names in its rules and dashboard only metrics the dispatcher exports", async () => {
    const exported = await exportedSeries();
    const rules = parse(await readFile(`${PROMETHEUS}/offload-alerts.yml`, "utf8")) as RuleFile;
    const dashboard = JSON.parse(await readFile(DASHBOARD, "utf8")) as Dashboard;
    const used = [...rules.groups.flatMap((g) => g.rules.map((r) => r.expr)), ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr))].flatMap(metricNames);
    expect(used.length).toBeGreaterThan(20);
    const unknown = [...new Set(used)].filter((name) => !exported.has(name));
    expect(unknown).toEqual([]);
  });

  it("has a dashboard whose every panel queries offload's metrics, with unique panel ids", async () => {
    const dashboard = JSON.parse(await readFile(DASHBOARD, "utf8")) as Dashboard;
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    for (const panel of dashboard.panels) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets) expect(metricNames(target.expr).length, `${panel.title}: ${target.expr}`).toBeGreaterThan(0);
    }
  });
});
