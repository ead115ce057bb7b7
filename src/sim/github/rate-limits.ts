/**
 * Primary rate limits per bucket (an installation, the App's JWT, or anonymous callers), in the
 * simulator's clock. Every REST answer carries the `x-ratelimit-*` headers GitHub sends, and a
 * bucket at zero answers 403 until its hour resets (github-protocol.md §6.5).
 */
export interface RateLimits {
  /** Counts one request; false when the bucket was already empty. */
  charge(bucket: string): boolean;
  headers(bucket: string): Record<string, string>;
}

const LIMITS: Record<string, number> = { installation: 5000, app: 5000, anonymous: 60, integration_manifest: 5000 };
const WINDOW_MS = 3_600_000;

export function createRateLimits(now: () => number): RateLimits {
  const buckets = new Map<string, { used: number; resetAt: number }>();
  const current = (bucket: string): { used: number; resetAt: number } => {
    const existing = buckets.get(bucket);
    if (existing !== undefined && existing.resetAt > now()) return existing;
    const fresh = { used: 0, resetAt: now() + WINDOW_MS };
    buckets.set(bucket, fresh);
    return fresh;
  };
  const limitOf = (bucket: string): number => LIMITS[bucket.split(":")[0] ?? ""] ?? 5000;
  return {
    charge(bucket) {
      const entry = current(bucket);
      if (entry.used >= limitOf(bucket)) return false;
      entry.used += 1;
      return true;
    },
    headers(bucket) {
      const entry = current(bucket);
      const limit = limitOf(bucket);
      return {
        "x-ratelimit-limit": String(limit),
        "x-ratelimit-remaining": String(Math.max(0, limit - entry.used)),
        "x-ratelimit-used": String(entry.used),
        "x-ratelimit-reset": String(Math.ceil(entry.resetAt / 1000)),
        "x-ratelimit-resource": bucket.startsWith("integration_manifest") ? "integration_manifest" : "core",
      };
    },
  };
}
