import type { OffloadOctokitInstance } from "./offload-octokit.js";
import { toGitHubError } from "./to-github-error.js";

/** One attempt to deliver one webhook, as `GET /app/hook/deliveries` lists it. */
export interface HookDelivery {
  /** The attempt's id: what a redelivery names. */
  readonly id: number;
  /** `X-GitHub-Delivery`: shared by the first attempt and every redelivery. */
  readonly guid: string;
  /** Milliseconds since the epoch. */
  readonly deliveredAt: number;
  /** What our endpoint answered; 0 when it never answered. */
  readonly statusCode: number;
  readonly event: string;
  readonly action: string | null;
  readonly redelivery: boolean;
}

/** How far back to read, and when to stop early. */
export interface HookDeliveryWindow {
  /** Stop after the first page that reaches back before this instant (ms since the epoch). */
  readonly since: number;
  readonly maxPages: number;
  /** Asked before every page after the first; false stops (the rate-limit budget is spent). */
  readonly mayContinue: () => boolean;
}

/**
 * The App's webhook deliveries, newest first, paged by the cursor in the `Link` header
 * (github-protocol.md §2.4), back to `since`. `complete` is false when a page limit or the budget
 * stopped the walk before it reached `since`.
 */
export async function listHookDeliveries(
  appOctokit: OffloadOctokitInstance,
  window: HookDeliveryWindow,
): Promise<{ deliveries: HookDelivery[]; complete: boolean }> {
  const deliveries: HookDelivery[] = [];
  let pages = 0;
  try {
    for await (const response of appOctokit.paginate.iterator("GET /app/hook/deliveries", { per_page: 100 })) {
      pages += 1;
      const page = response.data.map((item) => ({
        id: Number(item.id),
        guid: item.guid,
        deliveredAt: Date.parse(item.delivered_at),
        statusCode: item.status_code,
        event: item.event,
        action: item.action,
        redelivery: item.redelivery,
      }));
      deliveries.push(...page);
      const oldest = page.at(-1);
      if (oldest === undefined || oldest.deliveredAt < window.since) return { deliveries, complete: true };
      if (pages >= window.maxPages || !window.mayContinue()) return { deliveries, complete: false };
    }
    return { deliveries, complete: true };
  } catch (error) {
    throw toGitHubError(error, { method: "GET", path: "/app/hook/deliveries" });
  }
}
