import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RunnerRecord } from "../../src/ledger/records.js";
import { plan, type PlanInput, type PoolPlanInput } from "../../src/reconciler/plan.js";
import { T0, pool, runner } from "../support/reconciler-fixtures.js";

const A = pool({ key: "a", labels: ["hf-jobs-t4-small"] });
const B = pool({ key: "b", provider: "docker", labels: ["hf-jobs-t4-small"] });

function entry(overrides: Partial<PoolPlanInput> = {}): PoolPlanInput {
  return { pool: A, queued: 0, supply: 0, unserved: [], idle: [], ...overrides };
}

function input(pools: PoolPlanInput[], overrides: Partial<PlanInput> = {}): PlanInput {
  return { now: T0, pools, budget: 100, ...overrides };
}

const idleFor = (n: number, over: Partial<RunnerRecord> = {}): RunnerRecord[] =>
  Array.from({ length: n }, (_, i) => runner(`r${i}`, { poolKey: "a", createdAt: new Date(T0 + i).toISOString(), ...over }));

describe("the launch planner", () => {
  it("shares a concurrency limit between pools: together they never launch past it, and the rest wait with its reason", () => {
    const limit = { id: "global", poolKeys: new Set(["a", "b"]), remaining: 3, reason: "concurrency limit reached: 17 of 20 runners in use" };
    const result = plan(input([entry({ queued: 2, unserved: [1, 2] }), entry({ pool: B, queued: 2, unserved: [3, 4] })], { limits: [limit] }));
    expect(result.launches.map((l) => l.forJobId)).toEqual([1, 2, 3]);
    expect(result.holds.map((h) => [h.pool.key, h.kind, h.jobIds, h.reason])).toEqual([["b", "cap", [4], limit.reason]]);
  });

  it("launches nothing into a pool whose shared limit is spent", () => {
    const limit = { id: "flavor:t4*", poolKeys: new Set(["a"]), remaining: 0, reason: "concurrency limit for t4* reached" };
    const result = plan(input([entry({ queued: 1, unserved: [1] })], { limits: [limit] }));
    expect(result.launches).toEqual([]);
    expect(result.holds[0]?.reason).toBe("concurrency limit for t4* reached");
  });

  it("launches one runner per queued job no runner can take, named after the oldest", () => {
    const result = plan(input([entry({ queued: 3, supply: 1, unserved: [2, 3] })]));
    expect(result.launches.map((l) => [l.pool.key, l.forJobId, l.warm])).toEqual([["a", 2, false], ["a", 3, false]]);
    expect(result.holds).toEqual([]);
  });

  it("keeps a warm pool's minimum of idle runners with no job queued, as runners for no job", () => {
    const result = plan(input([entry({ warm: 2 })]));
    expect(result.launches.map((l) => [l.forJobId, l.warm])).toEqual([[null, true], [null, true]]);
  });

  it("counts warm runners as supply: a queued job on a warm pool launches only to restore the minimum", () => {
    const idle = idleFor(2);
    const result = plan(input([entry({ queued: 1, supply: 2, warm: 2, unserved: [], idle, queuedJobIds: [7] })]));
    expect(result.launches.map((l) => l.warm)).toEqual([true]);
    expect(result.retirements).toEqual([]);
  });

  it("replaces a warm runner that idled longer than the pool's maximum idle age", () => {
    const old = runner("old", { poolKey: "a", launchedAt: new Date(T0 - 3_600_000).toISOString() });
    const fresh = runner("fresh", { poolKey: "a", launchedAt: new Date(T0 - 60_000).toISOString() });
    const result = plan(input([entry({ supply: 2, warm: 2, maxIdleMs: 1_800_000, idle: [old, fresh] })]));
    expect(result.retirements.map((r) => [r.runner.name, r.reason])).toEqual([["old", "warm runner idle longer than 1800 s; replaced by a fresh one"]]);
    expect(result.launches.map((l) => l.warm)).toEqual([true]);
  });

  it("retires idle runners beyond demand plus the warm target, newest first, never a busy or booting one", () => {
    const idle = [...idleFor(3), runner("busy", { poolKey: "a", state: "busy" }), runner("booting", { poolKey: "a", state: "registered" })];
    const result = plan(input([entry({ supply: 4, warm: 2, idle })]));
    expect(result.retirements.map((r) => r.runner.name)).toEqual(["r2", "r1"]);
  });

  it("holds a pool that backs off, naming the next try as a time and the jobs it leaves waiting", () => {
    const backingOff = pool({ key: "a", failures: 1, retryAt: new Date(T0 + 4_000).toISOString(), lastError: "HF said 503" });
    const result = plan(input([entry({ pool: backingOff, queued: 1, unserved: [9] })]));
    expect(result.launches).toEqual([]);
    expect(result.holds).toEqual([{ pool: backingOff, kind: "backoff", jobIds: [9], reason: "HF said 503; next try at 10:00:04 UTC", until: backingOff.retryAt }]);
  });

  it("holds everything while paused and says how to resume", () => {
    const result = plan(input([entry({ queued: 1, unserved: [1] })], { paused: "launches paused (offload drain)" }));
    expect(result.holds).toMatchObject([{ kind: "paused", reason: "launches paused (offload drain)" }]);
  });

  it("does not count jobs a policy holds, and holds a pool a policy stops with the policy's reason", () => {
    const jobHeld = plan(input([entry({ queued: 2, unserved: [1, 2], holds: [{ jobId: 1, reason: "fork pull request: needs approval" }] })]));
    expect(jobHeld.launches.map((l) => l.forJobId)).toEqual([2]);
    const poolHeld = plan(input([entry({ queued: 2, unserved: [1, 2], holds: [{ reason: "monthly budget of $100 spent" }] })]));
    expect(poolHeld.holds).toMatchObject([{ kind: "policy", reason: "monthly budget of $100 spent", jobIds: [1, 2] }]);
  });

  it("launches no more than a pool's cap and says why the rest wait", () => {
    const result = plan(input([entry({ queued: 3, unserved: [1, 2, 3], cap: { max: 1, reason: "gpu-host-1 has 1 free GPU" } })]));
    expect(result.launches.map((l) => l.forJobId)).toEqual([1]);
    expect(result.holds).toMatchObject([{ kind: "cap", reason: "gpu-host-1 has 1 free GPU", jobIds: [2, 3] }]);
  });

  it("plans from a reported demand instead of the queued count (a runner scale set's assigned jobs)", () => {
    const result = plan(input([entry({ queued: 0, supply: 1, reportedDemand: 3, idle: [] })]));
    expect(result.launches).toHaveLength(2);
  });

  it("sends a held pool's jobs to its fallback pool, and counts them once there", () => {
    const open = "hf-jobs circuit open after 5 failures in a row";
    const first = plan(input([entry({ queued: 2, unserved: [1, 2], circuit: open, fallback: "b" }), entry({ pool: B })]));
    expect(first.launches.map((l) => [l.pool.key, l.forJobId, l.fallbackFor])).toEqual([["b", 1, "a"], ["b", 2, "a"]]);
    expect(first.holds).toMatchObject([{ pool: { key: "a" }, kind: "circuit", reason: `${open}; its jobs go to b meanwhile` }]);
    // The next pass: b's two runners exist; a still has two queued jobs. Nothing more launches.
    const next = plan(input([entry({ queued: 2, unserved: [1, 2], circuit: open, fallback: "b" }), entry({ pool: B, supply: 2, idle: idleFor(2, { poolKey: "b" }) })]));
    expect(next.launches).toEqual([]);
    expect(next.retirements).toEqual([]);
  });

  it("stops at the effect budget across pools", () => {
    const result = plan(input([entry({ queued: 3, unserved: [1, 2, 3] }), entry({ pool: B, queued: 3, unserved: [4, 5, 6] })], { budget: 4 }));
    expect(result.launches.map((l) => l.forJobId)).toEqual([1, 2, 3, 4]);
  });
});

const STATES = ["planned", "registered", "launched", "busy"] as const;

/** Random pools with consistent facts and every optional input, in plausible ranges. */
const arbitraryInput: fc.Arbitrary<PlanInput> = fc
  .record({
    pools: fc.array(
      fc.record({
        queued: fc.nat(6),
        runners: fc.array(fc.record({ state: fc.constantFrom(...STATES), ageMs: fc.nat(7_200_000), forJob: fc.option(fc.nat(8), { nil: null }) }), { maxLength: 8 }),
        warm: fc.option(fc.nat(3), { nil: undefined }),
        maxIdleMs: fc.option(fc.constantFrom(60_000, 1_800_000), { nil: undefined }),
        reported: fc.option(fc.nat(6), { nil: undefined }),
        cap: fc.option(fc.nat(3), { nil: undefined }),
        retryInMs: fc.option(fc.integer({ min: -60_000, max: 1_800_000 }), { nil: undefined }),
        failures: fc.nat(7),
        circuit: fc.boolean(),
        poolHold: fc.boolean(),
        jobHold: fc.option(fc.nat(6), { nil: undefined }),
        fallback: fc.option(fc.nat(3), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    budget: fc.nat(12),
    paused: fc.boolean(),
    inFlight: fc.array(fc.nat(8), { maxLength: 3 }),
  })
  .map(({ pools, budget, paused, inFlight }) => ({
    now: T0,
    budget,
    paused: paused ? "paused" : null,
    inFlight: new Set(inFlight.map((i) => `p0-r${i}`)),
    pools: pools.map((p, index): PoolPlanInput => {
      const key = `p${index}`;
      const record = pool({ key, failures: p.failures, retryAt: p.retryInMs === undefined ? null : new Date(T0 + p.retryInMs).toISOString(), lastError: "boom" });
      const runners = p.runners.map((r, i) =>
        runner(`${key}-r${i}`, { poolKey: key, state: r.state, forJobId: r.forJob, launchedAt: r.state === "launched" ? new Date(T0 - r.ageMs).toISOString() : null }),
      );
      const supply = runners.filter((r) => r.state !== "busy").length;
      const jobIds = Array.from({ length: p.queued }, (_, i) => index * 100 + i);
      return {
        pool: record,
        queued: p.queued,
        supply,
        unserved: jobIds.slice(0, Math.max(0, p.queued - supply)),
        // Busy runners slipped in on purpose: the planner must never retire one.
        idle: supply > p.queued ? runners : [],
        queuedJobIds: jobIds,
        ...(p.warm !== undefined && { warm: p.warm }),
        ...(p.maxIdleMs !== undefined && { maxIdleMs: p.maxIdleMs }),
        ...(p.reported !== undefined && { reportedDemand: p.reported }),
        ...(p.cap !== undefined && { cap: { max: p.cap, reason: "cap" } }),
        ...(p.circuit && { circuit: "circuit open" }),
        holds: [...(p.poolHold ? [{ reason: "policy" }] : []), ...(p.jobHold !== undefined && p.jobHold < p.queued ? [{ jobId: index * 100 + p.jobHold, reason: "fork" }] : [])],
        ...(p.fallback !== undefined && p.fallback < pools.length && p.fallback !== index && { fallback: `p${p.fallback}` }),
      };
    }),
  }));

function blocked(entry: PoolPlanInput, input: PlanInput): boolean {
  const backingOff = entry.pool.retryAt !== null && Date.parse(entry.pool.retryAt) > input.now;
  return input.paused != null || backingOff || entry.circuit !== undefined || (entry.holds ?? []).some((h) => h.jobId === undefined);
}

describe("the launch planner, for any input", () => {
  it("never leaves a pool that launched with more runners than its demand plus warm target (plus demand it takes for another pool)", () => {
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        const result = plan(input);
        for (const entry of input.pools) {
          const launched = result.launches.filter((l) => l.pool.key === entry.pool.key);
          if (launched.length === 0) continue;
          const retired = result.retirements.filter((r) => r.runner.poolKey === entry.pool.key).length;
          const heldJobs = (entry.holds ?? []).filter((h) => h.jobId !== undefined).length;
          const demand = Math.max(0, (entry.reportedDemand ?? entry.queued) - heldJobs);
          const borrowed = input.pools.filter((o) => o.fallback === entry.pool.key).reduce((n, o) => n + Math.max(0, (o.reportedDemand ?? o.queued)), 0);
          expect(entry.supply - retired + launched.length).toBeLessThanOrEqual(demand + (entry.warm ?? 0) + borrowed);
        }
      }),
    );
  });

  it("never launches into a paused, held, stuck, backing-off or circuit-open pool", () => {
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        const result = plan(input);
        for (const launch of result.launches) {
          const entry = input.pools.find((p) => p.pool.key === launch.pool.key);
          expect(entry).toBeDefined();
          if (entry !== undefined) expect(blocked(entry, input)).toBe(false);
        }
      }),
    );
  });

  it("never retires a busy runner, one still booting, or one whose effect is under way", () => {
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        for (const { runner: r } of plan(input).retirements) {
          expect(r.state).toBe("launched");
          expect(input.inFlight?.has(r.name)).not.toBe(true);
        }
      }),
    );
  });

  it("never launches more than a pool's cap, nor more than the effect budget in all", () => {
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        const result = plan(input);
        expect(result.launches.length).toBeLessThanOrEqual(input.budget);
        for (const entry of input.pools) {
          if (entry.cap === undefined) continue;
          expect(result.launches.filter((l) => l.pool.key === entry.pool.key).length).toBeLessThanOrEqual(entry.cap.max);
        }
      }),
    );
  });

  it("plans the same from the same input", () => {
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        expect(plan(input)).toEqual(plan(input));
      }),
    );
  });
});
