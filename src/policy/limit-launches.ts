import { matchesAny } from "./match-glob.js";
import type { ConcurrencyLimits } from "./policy.js";

/** What a limit needs to know about a pool. */
export interface LimitedPool {
  readonly key: string;
  readonly flavor: string;
  /** `owner/name` of the repository the pool serves; null for an organisation pool. */
  readonly repo: string | null;
  /** Our runners of the pool that are alive (not ended): each holds a slot under every limit. */
  readonly alive: number;
}

/**
 * A shared ceiling on launches: at most `remaining` more runners across `poolKeys`. The planner
 * takes one from every limit a launch falls under and holds a pool whose limit is spent, with
 * `reason`. Shared, not per pool: a global limit split into per-pool shares would let two pools
 * together pass it.
 */
export interface LaunchLimit {
  readonly id: string;
  readonly poolKeys: ReadonlySet<string>;
  readonly remaining: number;
  readonly reason: string;
}

function limit(id: string, pools: readonly LimitedPool[], max: number, what: string, setting: string): LaunchLimit {
  const alive = pools.reduce((sum, pool) => sum + pool.alive, 0);
  return {
    id,
    poolKeys: new Set(pools.map((pool) => pool.key)),
    remaining: Math.max(0, max - alive),
    reason: `${what}: ${alive} of ${max} runners in use (${setting} in offload.yaml); the job starts when one ends`,
  };
}

/** The concurrency limits of `policy.concurrency` over these pools, as shared launch limits. */
export function limitLaunches(pools: readonly LimitedPool[], limits: ConcurrencyLimits): LaunchLimit[] {
  const out: LaunchLimit[] = [];
  if (limits.global !== null) out.push(limit("global", pools, limits.global, "concurrency limit reached", "policy.concurrency.global"));
  for (const { flavor, max } of limits.perFlavor) {
    const matching = pools.filter((pool) => matchesAny([flavor], pool.flavor));
    if (matching.length > 0) out.push(limit(`flavor:${flavor}`, matching, max, `concurrency limit for ${flavor} reached`, `policy.concurrency.perFlavor.${flavor}`));
  }
  if (limits.perRepository !== null) {
    const byRepo = new Map<string, LimitedPool[]>();
    for (const pool of pools) {
      if (pool.repo === null) continue;
      const repo = pool.repo.toLowerCase();
      byRepo.set(repo, [...(byRepo.get(repo) ?? []), pool]);
    }
    for (const [repo, repoPools] of byRepo) out.push(limit(`repo:${repo}`, repoPools, limits.perRepository, `concurrency limit for ${repo} reached`, "policy.concurrency.perRepository"));
  }
  return out;
}
