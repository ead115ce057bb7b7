import { describe, expect, it } from "vitest";
import { computeCost, describeCost } from "../../src/policy/compute-cost.js";
import { costsToCsv, summariseCosts } from "../../src/policy/summarise-costs.js";

const NOW = Date.parse("2026-12-04T12:00:00Z");

describe("computeCost", () => {
  it("bills from the compute's start to its end and shows the cold start apart", () => {
    const cost = computeCost({ priceUsdPerHour: 1, gpus: 1, launchedAt: "2026-12-04T10:00:00Z", busyAt: "2026-12-04T10:00:42Z", endedAt: "2026-12-04T10:11:00Z", now: NOW });
    expect(cost.seconds).toBe(660);
    expect(cost.coldStartSeconds).toBe(42);
    expect(cost.gpuMinutes).toBe(11);
    expect(describeCost({ ...cost, usd: 0.37 }, "a10g-small")).toBe("$0.37 · a10g-small · 11 GPU-min (incl. 42 s cold start)");
  });

  it("accrues until now while the compute runs, and costs nothing before it starts", () => {
    expect(computeCost({ priceUsdPerHour: 3.6, gpus: 0, launchedAt: "2026-12-04T11:59:00Z", busyAt: null, endedAt: null, now: NOW }).usd).toBeCloseTo(0.06);
    expect(computeCost({ priceUsdPerHour: 3.6, gpus: 0, launchedAt: null, busyAt: null, endedAt: null, now: NOW }).usd).toBe(0);
  });

  it("counts a runner that never took a job as all cold start", () => {
    const cost = computeCost({ priceUsdPerHour: 1, gpus: 0, launchedAt: "2026-12-04T10:00:00Z", busyAt: null, endedAt: "2026-12-04T10:05:00Z", now: NOW });
    expect(cost.coldStartSeconds).toBe(300);
    expect(describeCost(cost, "cpu-basic")).toBe("$0.08 · cpu-basic · 5 min (incl. 300 s cold start)");
  });
});

describe("summariseCosts", () => {
  const rows = [
    { name: "r1", flavor: "a10g-small", repo: "acme/app", jobId: 1, launchedAt: "2026-11-30T23:00:00Z", busyAt: null, endedAt: "2026-12-01T00:00:00Z" },
    { name: "r2", flavor: "lab-a100x2", repo: "acme/web", jobId: 2, launchedAt: "2026-12-02T00:00:00Z", busyAt: null, endedAt: "2026-12-02T00:30:00Z" },
    { name: "r3", flavor: "mystery", repo: "other/x", jobId: null, launchedAt: "2026-12-02T00:00:00Z", busyAt: null, endedAt: "2026-12-02T01:00:00Z" },
  ];
  const hardware = (flavor: string) => (flavor === "a10g-small" ? { priceUsdPerHour: 1, gpus: 1 } : flavor === "lab-a100x2" ? { priceUsdPerHour: 0.5, gpus: 2 } : null);

  it("adds up per repository, organisation, flavor and month", () => {
    const summary = summariseCosts(rows, hardware, NOW);
    expect(summary.totalUsd).toBeCloseTo(1.25);
    expect(summary.byRepository).toEqual({ "acme/app": 1, "acme/web": 0.25, "other/x": 0 });
    expect(summary.byOrganization).toEqual({ acme: 1.25, other: 0 });
    expect(summary.byMonth).toEqual({ "2026-11": 1, "2026-12": 0.25 });
    expect(summary.byFlavor["lab-a100x2"]).toBe(0.25);
  });

  it("exports one CSV row per runner with a header", () => {
    const csv = costsToCsv(summariseCosts(rows.slice(0, 1), hardware, NOW));
    expect(csv).toBe("month,repo,flavor,job_id,runner,seconds,cold_start_seconds,gpu_minutes,usd\r\n2026-11,acme/app,a10g-small,1,r1,3600,3600,60.00,1.0000\r\n");
  });
});
