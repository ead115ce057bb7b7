import type { OffloadOctokitInstance } from "./offload-octokit.js";
import { toGitHubError } from "./to-github-error.js";

/**
 * `POST /app/hook/deliveries/{delivery_id}/attempts` (App JWT): GitHub sends the delivery again
 * with the same `X-GitHub-Delivery` and answers 202 before it does.
 */
export async function redeliverHookDelivery(appOctokit: OffloadOctokitInstance, deliveryId: number): Promise<void> {
  try {
    await appOctokit.request("POST /app/hook/deliveries/{delivery_id}/attempts", { delivery_id: deliveryId });
  } catch (error) {
    throw toGitHubError(error, { method: "POST", path: `/app/hook/deliveries/${deliveryId}/attempts` });
  }
}
