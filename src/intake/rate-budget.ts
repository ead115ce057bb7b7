import type { RateLimitSnapshot } from "../github/observe-fetch.js";

/** A rate-limit bucket: the App's own (JWT calls) or one installation's. */
export type BudgetKey = "app" | number;

/**
 * What each bucket had left after the last call the poller made in it. GitHub counts the App's
 * JWT calls and each installation's calls separately (github-protocol.md §6.5), so one shared
 * number would stop polling of a quiet installation because a busy one ran low, or the reverse.
 */
export interface RateBudget {
  /** Requests kept for launches and clean-up: the poller never calls when a bucket is down to this. */
  readonly reserve: number;
  /** Call right after a request in `key`'s bucket: the client's last-seen headers are that request's. */
  observe(key: BudgetKey): void;
  /** False when the bucket is known to be at or below the reserve and has not reset since. */
  allows(key: BudgetKey, now: number): boolean;
  snapshots(): ReadonlyMap<BudgetKey, RateLimitSnapshot>;
}

/**
 * `read` is `GitHubClient.rateLimit`, which reports the latest response of any caller: right
 * after one of the poller's own sequential calls that is almost always that call's, and a
 * concurrent launch in between only makes a bucket look slightly fuller or emptier for one call.
 */
export function createRateBudget(options: { reserve: number; read: () => RateLimitSnapshot }): RateBudget {
  const seen = new Map<BudgetKey, RateLimitSnapshot>();
  return {
    reserve: options.reserve,
    observe(key) {
      const snapshot = options.read();
      if (snapshot.remaining !== null) seen.set(key, snapshot);
    },
    allows(key, now) {
      return hasSpare(seen.get(key), options.reserve, now);
    },
    snapshots: () => seen,
  };
}

/** Unknown budgets and budgets whose window has reset allow a call; the first answer tells more. */
export function hasSpare(snapshot: RateLimitSnapshot | undefined, reserve: number, now: number): boolean {
  if (snapshot === undefined || snapshot.remaining === null) return true;
  if (snapshot.resetAt !== null && now >= snapshot.resetAt) return true;
  return snapshot.remaining > reserve;
}
