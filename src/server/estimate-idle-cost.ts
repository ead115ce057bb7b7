import { findFlavor } from "../config/flavors.js";
import type { PoolFacts } from "../ledger/pool-facts.js";

/**
 * What a pool's runners beyond its queue (warm runners, a surplus about to be retired) have cost
 * since launch at the flavor's list price: the price of keeping them ready.
 */
export function estimateIdleCostUsd(facts: PoolFacts, now: number): number {
  const price = findFlavor(facts.pool.flavor)?.priceUsdPerHour;
  if (price === undefined) return 0;
  let hours = 0;
  for (const runner of facts.idle) {
    if (runner.state !== "launched" || runner.launchedAt === null) continue;
    hours += Math.max(0, now - Date.parse(runner.launchedAt)) / 3_600_000;
  }
  return hours * price;
}
