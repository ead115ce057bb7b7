import { describe, expect, it } from "vitest";
import type { RateLimitSnapshot } from "../../src/github/observe-fetch.js";
import { planPollRound, type PollPlanInput, type PollTarget } from "../../src/intake/plan-poll-round.js";
import type { BudgetKey } from "../../src/intake/rate-budget.js";

const NOW = Date.parse("2026-01-01T12:00:00.000Z");
const HOUR = 3_600_000;

function target(repo: string, installationId = 1): PollTarget {
  return { installationId, repo, ownerType: "Organization" };
}

function plan(overrides: Partial<PollPlanInput> & { budget?: RateLimitSnapshot }): { poll: string[]; skipped: string[]; reasons: string[] } {
  const { budget, ...rest } = overrides;
  const budgets = new Map<BudgetKey, RateLimitSnapshot>(budget === undefined ? [] : [[1, budget]]);
  const result = planPollRound({
    targets: [target("acme/a"), target("acme/b"), target("acme/c")],
    budgets,
    reserve: 1000,
    now: NOW,
    lastPolled: new Map(),
    active: new Set(),
    roundIntervalMs: 30_000,
    quietIntervalMs: 300_000,
    callsPerRepo: 4,
    ...rest,
  });
  return {
    poll: result.poll.map((t) => t.repo),
    skipped: result.skipped.map((s) => s.target.repo),
    reasons: [...new Set(result.skipped.map((s) => s.reason))],
  };
}

describe("planPollRound", () => {
  it("polls every repository on the first round when the budget is unknown", () => {
    expect(plan({})).toEqual({ poll: ["acme/a", "acme/b", "acme/c"], skipped: [], reasons: [] });
  });

  it.each([
    { case: "polled a moment ago and quiet", last: NOW - 10_000, active: false, due: false },
    { case: "polled a moment ago but holding unfinished jobs", last: NOW - 10_000, active: true, due: true },
    { case: "quiet, last polled a quiet interval ago", last: NOW - 300_000, active: false, due: true },
    { case: "never polled", last: undefined, active: false, due: true },
  ])("decides a repository $case is due: $due", ({ last, active, due }) => {
    const result = plan({
      targets: [target("acme/a")],
      lastPolled: new Map(last === undefined ? [] : [["acme/a", last]]),
      active: new Set(active ? ["acme/a"] : []),
    });
    expect(result.poll).toEqual(due ? ["acme/a"] : []);
    expect(result.skipped).toEqual([]);
  });

  it("polls repositories with unfinished jobs first, then the longest unpolled", () => {
    const budget = { remaining: 1000 + 8 * 120, resetAt: NOW + HOUR };
    const result = plan({
      budget,
      lastPolled: new Map([["acme/a", NOW - 900_000], ["acme/b", NOW - 600_000], ["acme/c", NOW - 10_000]]),
      active: new Set(["acme/c"]),
    });
    expect(result.poll).toEqual(["acme/c", "acme/a"]);
    expect(result.skipped).toEqual(["acme/b"]);
  });

  it.each([
    { case: "far above the reserve", remaining: 4000, resetAt: NOW + HOUR, poll: 3 },
    { case: "a little above the reserve, paced over the hour", remaining: 1100, resetAt: NOW + HOUR, poll: 1 },
    { case: "one request above the reserve", remaining: 1001, resetAt: NOW + HOUR, poll: 1 },
    { case: "at the reserve", remaining: 1000, resetAt: NOW + HOUR, poll: 0 },
    { case: "below the reserve", remaining: 12, resetAt: NOW + HOUR, poll: 0 },
    { case: "below the reserve but past its reset", remaining: 12, resetAt: NOW - 1, poll: 3 },
    { case: "spent, with no reset time", remaining: 0, resetAt: null, poll: 0 },
    { case: "not reported", remaining: null, resetAt: null, poll: 3 },
  ])("polls $poll of 3 due repositories when the installation's budget is $case", ({ remaining, resetAt, poll }) => {
    const result = plan({ budget: { remaining, resetAt } });
    expect(result.poll).toHaveLength(poll);
    expect(result.skipped).toHaveLength(3 - poll);
  });

  it("explains a skip by the reserve and when the bucket resets", () => {
    const result = plan({ budget: { remaining: 1000, resetAt: NOW + HOUR } });
    expect(result.reasons).toEqual(["rate limit: 1000 requests left, 1000 kept for launches until 2026-01-01T13:00:00.000Z"]);
  });

  it("keeps each installation to its own budget", () => {
    const budgets = new Map<BudgetKey, RateLimitSnapshot>([[1, { remaining: 900, resetAt: NOW + HOUR }], [2, { remaining: 4000, resetAt: NOW + HOUR }]]);
    const result = planPollRound({
      targets: [target("acme/a", 1), target("other/b", 2)],
      budgets, reserve: 1000, now: NOW, lastPolled: new Map(), active: new Set(),
      roundIntervalMs: 30_000, quietIntervalMs: 300_000, callsPerRepo: 4,
    });
    expect(result.poll.map((t) => t.repo)).toEqual(["other/b"]);
    expect(result.skipped.map((s) => s.target.repo)).toEqual(["acme/a"]);
  });
});
