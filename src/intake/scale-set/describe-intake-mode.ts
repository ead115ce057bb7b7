import type { OffloadConfig } from "../../config/config.js";

export type IntakeMode = "webhook" | "scale-set" | "mixed";

/**
 * How jobs reach this dispatcher: webhooks only (GitHub must reach it), scale sets only (it
 * needs no inbound connection at all: it long-polls GitHub over outbound HTTPS, so it works
 * behind NAT), or both, some labels each way.
 */
export function describeIntakeMode(config: Pick<OffloadConfig, "scaleSets" | "github">): { mode: IntakeMode; sentence: string } {
  const webhooks = config.github.webhookSecrets.length > 0;
  const sets = config.scaleSets.map((set) => set.name).join(", ");
  if (config.scaleSets.length === 0) return { mode: "webhook", sentence: "webhook intake: GitHub must reach POST /webhook (public URL or tunnel)" };
  if (!webhooks) return { mode: "scale-set", sentence: `scale-set intake (${sets}): no inbound connection needed, only outbound HTTPS to GitHub` };
  return { mode: "mixed", sentence: `mixed intake: scale sets (${sets}) by long poll, other labels by webhook` };
}
