import { findFlavor } from "../config/flavors.js";
import type { Hardware } from "./summarise-costs.js";
import type { AdmissionPolicy } from "./policy.js";

/**
 * A flavor's price and GPUs: a configured price (own hardware, `policy.prices`) first, then the
 * HF Jobs catalogue; null when neither knows it.
 */
export function priceOf(flavor: string, policy: Pick<AdmissionPolicy, "prices">): Hardware | null {
  const known = findFlavor(flavor);
  const configured = policy.prices.get(flavor);
  const gpus = known?.accelerator?.count ?? Number(/x(\d+)$/.exec(flavor)?.[1] ?? (/(a100|h100|h200|a10g|l4|l40s|t4|gpu)/.test(flavor) ? 1 : 0));
  if (configured !== undefined) return { priceUsdPerHour: configured, gpus };
  return known === undefined ? null : { priceUsdPerHour: known.priceUsdPerHour, gpus };
}
