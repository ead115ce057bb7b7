import type { RateLimitSnapshot } from "../github/observe-fetch.js";
import { hasSpare, type BudgetKey } from "./rate-budget.js";

/** One repository the poller may read, through the installation that can read it. */
export interface PollTarget {
  readonly installationId: number;
  /** `owner/name` as GitHub spells it. */
  readonly repo: string;
  readonly ownerType: "User" | "Organization";
}

export interface PollPlanInput {
  readonly targets: readonly PollTarget[];
  readonly budgets: ReadonlyMap<BudgetKey, RateLimitSnapshot>;
  readonly reserve: number;
  readonly now: number;
  /** When each repository (lower-case `owner/name`) was last polled. */
  readonly lastPolled: ReadonlyMap<string, number>;
  /** Repositories (lower-case) where the ledger holds unfinished jobs: polled every round. */
  readonly active: ReadonlySet<string>;
  readonly roundIntervalMs: number;
  /** A repository without unfinished jobs is polled this often. */
  readonly quietIntervalMs: number;
  /** What one repository's poll costs, roughly: three run listings and a job listing. */
  readonly callsPerRepo: number;
}

export interface PollPlan {
  /** Repositories to poll now, most urgent first. */
  readonly poll: readonly PollTarget[];
  /** Due but left for a later round, with why. */
  readonly skipped: readonly { readonly target: PollTarget; readonly reason: string }[];
}

/**
 * Which repositories to poll this round. A repository is due when it has unfinished jobs, was
 * never polled, or was last polled a quiet interval ago. Per installation, the spare requests
 * above the reserve are spread over the rounds left until the bucket resets, so the poller slows
 * down before it runs dry instead of stopping an hour; none at all when the bucket is at the
 * reserve.
 */
export function planPollRound(input: PollPlanInput): PollPlan {
  const poll: PollTarget[] = [];
  const skipped: { target: PollTarget; reason: string }[] = [];
  for (const [installationId, targets] of groupByInstallation(input.targets)) {
    const due = targets.filter((target) => isDue(input, target)).sort((a, b) => urgency(input, a) - urgency(input, b));
    const allowed = countAllowed(input, input.budgets.get(installationId), due.length);
    poll.push(...due.slice(0, allowed.count));
    for (const target of due.slice(allowed.count)) skipped.push({ target, reason: allowed.reason });
  }
  return { poll, skipped };
}

function isDue(input: PollPlanInput, target: PollTarget): boolean {
  const key = target.repo.toLowerCase();
  const last = input.lastPolled.get(key);
  return input.active.has(key) || last === undefined || input.now - last >= input.quietIntervalMs;
}

/** Repositories with unfinished jobs first, then the longest unpolled. */
function urgency(input: PollPlanInput, target: PollTarget): number {
  const key = target.repo.toLowerCase();
  const last = input.lastPolled.get(key) ?? 0;
  return (input.active.has(key) ? 0 : 1e15) + last;
}

function countAllowed(input: PollPlanInput, budget: RateLimitSnapshot | undefined, due: number): { count: number; reason: string } {
  if (budget === undefined || budget.remaining === null || (budget.resetAt !== null && input.now >= budget.resetAt)) {
    return { count: due, reason: "" };
  }
  const resets = budget.resetAt === null ? "unknown" : new Date(budget.resetAt).toISOString();
  if (!hasSpare(budget, input.reserve, input.now)) {
    return { count: 0, reason: `rate limit: ${budget.remaining} requests left, ${input.reserve} kept for launches until ${resets}` };
  }
  const spare = budget.remaining - input.reserve;
  const roundsLeft = budget.resetAt === null ? 1 : Math.max(1, Math.ceil((budget.resetAt - input.now) / input.roundIntervalMs));
  // At least one repository while any spare request is left: the per-call check stops at the reserve.
  const count = Math.min(due, Math.max(1, Math.floor(spare / roundsLeft / input.callsPerRepo)));
  return { count, reason: `rate limit: pacing ${spare} spare requests over ${roundsLeft} rounds until ${resets}` };
}

function groupByInstallation(targets: readonly PollTarget[]): Map<number, PollTarget[]> {
  const groups = new Map<number, PollTarget[]>();
  for (const target of targets) groups.set(target.installationId, [...(groups.get(target.installationId) ?? []), target]);
  return groups;
}
