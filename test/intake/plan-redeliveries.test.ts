import { describe, expect, it } from "vitest";
import type { HookDelivery } from "../../src/github/list-hook-deliveries.js";
import { findFailedGuids, planRedeliveries, type RedeliveryAttempt } from "../../src/intake/plan-redeliveries.js";

const NOW = Date.parse("2026-01-01T12:00:00.000Z");
const LIMITS = { perRound: 2, maxAttempts: 3, retryAfterMs: 600_000 };
let nextId = 1;

function attempt(guid: string, statusCode: number, secondsAgo: number, overrides: Partial<HookDelivery> = {}): HookDelivery {
  return { id: nextId++, guid, deliveredAt: NOW - secondsAgo * 1000, statusCode, event: "workflow_job", action: "queued", redelivery: false, ...overrides };
}

function plan(deliveries: HookDelivery[], options: { recorded?: string[]; attempts?: [string, RedeliveryAttempt][] } = {}) {
  return planRedeliveries({
    deliveries,
    recorded: new Set(options.recorded ?? []),
    attempts: new Map(options.attempts ?? []),
    now: NOW,
    limits: LIMITS,
  });
}

describe("planRedeliveries", () => {
  it.each([
    { case: "a delivery that timed out", attempts: [[0, 60]], redeliver: true },
    { case: "a delivery we answered with 503", attempts: [[503, 60]], redeliver: true },
    { case: "a delivery we answered with 200", attempts: [[200, 60]], redeliver: false },
    { case: "a delivery we answered with 202", attempts: [[202, 60]], redeliver: false },
    { case: "a delivery we answered with a redirect", attempts: [[301, 60]], redeliver: true },
    { case: "a failed delivery whose redelivery succeeded", attempts: [[0, 120], [200, 60]], redeliver: false },
    { case: "a delivery whose every redelivery failed", attempts: [[0, 120], [500, 60]], redeliver: true },
  ])("redelivers $case: $redeliver", ({ attempts, redeliver }) => {
    const deliveries = attempts.map(([code, ago]) => attempt("g", code as number, ago as number));
    expect(plan(deliveries).redeliver.length).toBe(redeliver ? 1 : 0);
  });

  it("names the newest failed attempt of a guid", () => {
    const older = attempt("g", 0, 120);
    const newer = attempt("g", 500, 60, { redelivery: true });
    expect(plan([newer, older]).redeliver).toEqual([{ guid: "g", deliveryId: newer.id }]);
  });

  it("leaves alone a failed delivery the ledger recorded anyway (its answer was lost)", () => {
    expect(plan([attempt("g", 0, 60)], { recorded: ["g"] }).redeliver).toEqual([]);
  });

  it("leaves alone events that carry no job", () => {
    expect(plan([attempt("p", 0, 60, { event: "ping", action: null }), attempt("i", 0, 60, { event: "installation", action: "created" })]).redeliver).toEqual([]);
    expect(findFailedGuids([attempt("p", 0, 60, { event: "ping" })])).toEqual([]);
  });

  it.each([
    { case: "asked for a minute ago", count: 1, ago: 60_000, redeliver: true, exhausted: 0, expected: false },
    { case: "asked for eleven minutes ago", count: 1, ago: 660_000, redeliver: true, exhausted: 0, expected: true },
    { case: "asked for three times already", count: 3, ago: 3_600_000, redeliver: false, exhausted: 1, expected: false },
  ])("waits for a redelivery $case", ({ count, ago, exhausted, expected }) => {
    const result = plan([attempt("g", 0, 3600)], { attempts: [["g", { count, lastAt: NOW - ago }]] });
    expect(result.redeliver.length > 0).toBe(expected);
    expect(result.exhausted).toBe(exhausted);
  });

  it("caps a round, newest first, and counts what it left for later", () => {
    const deliveries = [attempt("new", 0, 10), attempt("mid", 0, 20), attempt("old", 0, 30)];
    const result = plan([...deliveries].reverse());
    expect(result.redeliver.map((r) => r.guid)).toEqual(["new", "mid"]);
    expect(result.deferred).toBe(1);
  });
});
