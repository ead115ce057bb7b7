import { describe, expect, it } from "vitest";
import type { PoolRecord } from "../../src/ledger/records.js";
import { bootBackoffMs, launchBackoffMs, STUCK_AFTER_FAILURES } from "../../src/reconciler/launch-backoff.js";
import { plan } from "../../src/reconciler/plan.js";
import { T0, pool } from "../support/reconciler-fixtures.js";

/**
 * A fake clock over an always-failing image: one job queued, each machine ends in ERROR `bootMs`
 * after its launch, and the dispatcher notices it `noticeMs` later (its next pass). Launches are
 * decided by the real planner over the pool's backoff; returns the launch times (ms after T0).
 */
function launchTimes(input: { bootMs: number; noticeMs: number; untilMs: number; failFirst?: number; jitter?: number }): number[] {
  let record: PoolRecord = pool();
  let now = T0;
  const launches: number[] = [];
  let failuresLeft = input.failFirst ?? Number.POSITIVE_INFINITY;
  while (now - T0 <= input.untilMs) {
    const planned = plan({ now, budget: 10, pools: [{ pool: record, queued: 1, supply: 0, unserved: [1], idle: [] }] });
    if (planned.launches.length === 0) {
      // Held: the clock jumps to the pool's next try, as the reconciler's retry timer does.
      now = Math.max(now + 1, Date.parse(record.retryAt ?? new Date(now + 1000).toISOString()));
      continue;
    }
    launches.push(now - T0);
    if (failuresLeft-- <= 0) break;
    now += input.bootMs + input.noticeMs;
    const failures = record.failures + 1;
    record = { ...record, failures, retryAt: new Date(now + bootBackoffMs(failures, () => input.jitter ?? 0)).toISOString(), lastError: "compute ERROR" };
  }
  return launches;
}

describe("boot-failure backoff", () => {
  it.each([
    { bootMs: 500, noticeMs: 500 },
    { bootMs: 2_000, noticeMs: 1_000 },
    { bootMs: 4_000, noticeMs: 1_000 },
    { bootMs: 9_000, noticeMs: 1_000 },
  ])("launches an always-failing image at most 3 times in the 30 s after its first failure (boot $bootMs ms)", ({ bootMs, noticeMs }) => {
    for (const jitter of [0, 1]) {
      const times = launchTimes({ bootMs, noticeMs, untilMs: 120_000, jitter });
      const firstFailure = times[0] === undefined ? 0 : times[0] + bootMs;
      expect(times.filter((t) => t >= firstFailure && t <= firstFailure + 30_000).length).toBeLessThanOrEqual(3);
      expect(times.filter((t) => t <= 30_000).length).toBeLessThanOrEqual(3);
    }
  });

  it.each([{ bootMs: 2_000, noticeMs: 1_000 }, { bootMs: 5_000, noticeMs: 5_000 }])(
    "gives a job whose first machine failed once a replacement within 15 s (boot $bootMs ms, noticed $noticeMs ms later)",
    ({ bootMs, noticeMs }) => {
      const [first, replacement] = launchTimes({ bootMs, noticeMs, untilMs: 60_000, failFirst: 1, jitter: 1 });
      expect(first).toBe(0);
      expect(replacement).toBeDefined();
      expect((replacement ?? Infinity) - (first ?? 0)).toBeLessThanOrEqual(15_000);
    },
  );

  it("retries at once after the first boot failure, then waits 10 s, 30 s, 60 s, then probes every 30 minutes", () => {
    const none = () => 0;
    expect([1, 2, 3, 4, STUCK_AFTER_FAILURES].map((n) => bootBackoffMs(n, none))).toEqual([0, 10_000, 30_000, 60_000, 1_800_000]);
  });

  it("keeps the API-failure backoff growing from 2 s", () => {
    const [first = 0, second, third] = [1, 2, 3].map((n) => launchBackoffMs(n, () => 0.5));
    expect(first).toBeGreaterThanOrEqual(1_600);
    expect(first).toBeLessThanOrEqual(2_400);
    expect([second, third]).toEqual([first * 2, first * 4]);
  });
});
