import type { LaunchLimit } from "./limit-launches.js";

/**
 * Shared launch limits (a global concurrency limit, a budget) turned into per-pool caps for the
 * planner: each limit's remaining slots go to its pools in the order given (oldest demand first),
 * as many as each wants, so the pools' caps together never pass the limit. A pool gets the
 * smallest cap of the limits it falls under, with that limit's reason.
 */
export function allocateLimits(wants: readonly { readonly key: string; readonly want: number }[], limits: readonly LaunchLimit[]): Map<string, { max: number; reason: string }> {
  const caps = new Map<string, { max: number; reason: string }>();
  for (const limit of limits) {
    let left = limit.remaining;
    for (const { key, want } of wants) {
      if (!limit.poolKeys.has(key)) continue;
      const share = Math.min(left, Math.max(0, want));
      left -= share;
      const current = caps.get(key);
      if (current === undefined || share < current.max) caps.set(key, { max: share, reason: limit.reason });
    }
  }
  return caps;
}
