import type { PoolRecord } from "../ledger/records.js";
import { STUCK_AFTER_FAILURES } from "./launch-backoff.js";

/**
 * A pool backing off after failed launches, as a hold a person can read and act on: the next try
 * is a time, never a countdown frozen in stored text ("retrying in 1800 s" read an hour later
 * lies). `offload retry` ends it now. Null when the pool may launch.
 */
export function describeBackoff(pool: PoolRecord, now: number): { kind: "backoff" | "stuck"; reason: string; until: string } | null {
  if (pool.retryAt === null || Date.parse(pool.retryAt) <= now) return null;
  const next = `next try at ${formatUtcTime(pool.retryAt, now)}`;
  const error = pool.lastError ?? "launch failed";
  const fix = `\`offload retry\` tries now`;
  return pool.failures >= STUCK_AFTER_FAILURES
    ? { kind: "stuck", reason: `stuck after ${pool.failures} failed launches (last: ${error}); ${next}; ${fix}`, until: pool.retryAt }
    : { kind: "backoff", reason: `${error}; ${next}`, until: pool.retryAt };
}

/** `14:02:10 UTC`, with the date in front when it is not today's (UTC). */
export function formatUtcTime(iso: string, now: number = Date.parse(iso)): string {
  const at = new Date(iso);
  const time = `${at.toISOString().slice(11, 19)} UTC`;
  return at.toISOString().slice(0, 10) === new Date(now).toISOString().slice(0, 10) ? time : `${at.toISOString().slice(0, 10)} ${time}`;
}
