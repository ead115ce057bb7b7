import { describe, expect, it } from "vitest";
import { limitLaunches, type LimitedPool } from "../../src/policy/limit-launches.js";
import { limitBudgets } from "../../src/policy/limit-budgets.js";
import { allocateLimits } from "../../src/policy/allocate-limits.js";
import { planPolicy } from "../../src/policy/plan-policy.js";
import { OPEN_POLICY } from "../../src/policy/policy.js";

const POOLS: LimitedPool[] = [
  { key: "a|h200", flavor: "h200x8", repo: "acme/app", alive: 2 },
  { key: "a|t4", flavor: "t4-small", repo: "acme/app", alive: 1 },
  { key: "b|t4", flavor: "t4-small", repo: "acme/web", alive: 3 },
];

describe("limitLaunches", () => {
  it("makes no limit when none is configured", () => {
    expect(limitLaunches(POOLS, { global: null, perFlavor: [], perRepository: null })).toEqual([]);
  });

  it("shares the global limit across every pool, counting the runners alive", () => {
    const [global] = limitLaunches(POOLS, { global: 8, perFlavor: [], perRepository: null });
    expect(global).toMatchObject({ id: "global", remaining: 2, poolKeys: new Set(["a|h200", "a|t4", "b|t4"]) });
    expect(global?.reason).toBe("concurrency limit reached: 6 of 8 runners in use (policy.concurrency.global in offload.yaml); the job starts when one ends");
  });

  it("limits flavors by glob and repositories one by one, never below zero", () => {
    const limits = limitLaunches(POOLS, { global: null, perFlavor: [{ flavor: "h200*", max: 1 }], perRepository: 3 });
    expect(limits.map((l) => [l.id, l.remaining, [...l.poolKeys]])).toEqual([
      ["flavor:h200*", 0, ["a|h200"]],
      ["repo:acme/app", 0, ["a|h200", "a|t4"]],
      ["repo:acme/web", 0, ["b|t4"]],
    ]);
  });
});

describe("limitBudgets", () => {
  const pools = [
    { key: "a", owner: "acme", repo: "acme/app" },
    { key: "b", owner: "acme", repo: "acme/web" },
    { key: "c", owner: "other", repo: "other/x" },
  ];

  it("holds the pools of a repository whose monthly budget is spent, and only those", () => {
    const limits = limitBudgets(pools, new Map([["acme/app", 12.5], ["acme/web", 1]]), [{ scope: "repository", match: ["acme/*"], monthlyUsd: 10 }], "2026-12");
    expect(limits).toEqual([
      {
        id: "budget:0:acme/app",
        poolKeys: new Set(["a"]),
        remaining: 0,
        reason: "monthly budget of $10.00 for acme/app reached ($12.50 spent in 2026-12); new jobs wait for next month or a higher budgets[0].monthlyUsd in offload.yaml",
      },
    ]);
  });

  it("adds an organisation's repositories together", () => {
    const limits = limitBudgets(pools, new Map([["acme/app", 6], ["acme/web", 5]]), [{ scope: "organization", match: ["acme"], monthlyUsd: 10 }], "2026-12");
    expect(limits.map((l) => [l.id, [...l.poolKeys]])).toEqual([["budget:0:acme", ["a", "b"]]]);
  });

  it("holds everything when the budget over all repositories is spent", () => {
    const limits = limitBudgets(pools, new Map([["other/x", 100]]), [{ scope: "all", match: [], monthlyUsd: 50 }], "2026-12");
    expect([...(limits[0]?.poolKeys ?? [])]).toEqual(["a", "b", "c"]);
  });

  it("makes no limit under budget", () => {
    expect(limitBudgets(pools, new Map([["acme/app", 9.99]]), [{ scope: "repository", match: ["*"], monthlyUsd: 10 }], "2026-12")).toEqual([]);
  });
});

describe("allocateLimits", () => {
  it("shares a limit's slots among its pools, oldest demand first, never passing it", () => {
    const limits = [{ id: "global", poolKeys: new Set(["a", "b", "c"]), remaining: 3, reason: "global" }, { id: "repo", poolKeys: new Set(["c"]), remaining: 5, reason: "repo" }];
    const caps = allocateLimits([{ key: "a", want: 2 }, { key: "b", want: 2 }, { key: "c", want: 1 }], limits);
    expect([...caps]).toEqual([["a", { max: 2, reason: "global" }], ["b", { max: 1, reason: "global" }], ["c", { max: 0, reason: "global" }]]);
  });
});

describe("planPolicy", () => {
  it("caps pools by concurrency and budget, holds pools where a fork waits, and leaves the rest alone", () => {
    const pools = [
      { key: "a", flavor: "h200x8", owner: "acme", repo: "acme/app", alive: 1, want: 3 },
      { key: "b", flavor: "t4-small", owner: "acme", repo: "acme/web", alive: 0, want: 1 },
      { key: "c", flavor: "t4-small", owner: "other", repo: "other/x", alive: 0, want: 1 },
    ];
    const policy = { ...OPEN_POLICY, concurrency: { global: null, perFlavor: [{ flavor: "h200*", max: 2 }], perRepository: null }, budgets: [{ scope: "repository" as const, match: ["acme/web"], monthlyUsd: 5 }] };
    const verdicts = planPolicy({ pools, policy, forks: { holds: new Map([["c", "fork waits"]]), sandboxes: new Map() }, spendByRepo: new Map([["acme/web", 6]]), month: "2026-12" });
    expect(verdicts.get("a")?.cap?.max).toBe(1);
    expect(verdicts.get("b")?.cap).toMatchObject({ max: 0 });
    expect(verdicts.get("b")?.cap?.reason).toContain("monthly budget of $5.00 for acme/web reached");
    expect(verdicts.get("c")).toEqual({ hold: "fork waits" });
  });
});
