import { authenticateApp } from "./authenticate-request.js";
import { answerNotFound, readIdParam, type RouteTable, type SimAnswer, type SimRequest } from "./route-table.js";
import type { SimContext } from "./sim-context.js";
import type { SimDelivery } from "./sim-state.js";
import type { WebhookSender } from "./webhook-sender.js";

/** The App's webhook deliveries API (github-protocol.md §2.4), App JWT only. */
export function addDeliveryRoutes(routes: RouteTable, context: SimContext, webhooks: WebhookSender): void {
  const asApp = (handle: (request: SimRequest) => SimAnswer) => (request: SimRequest): SimAnswer => {
    const auth = authenticateApp(context, request);
    return auth.ok ? handle(request) : auth.answer;
  };
  const find = (request: SimRequest): SimDelivery | undefined => {
    const id = readIdParam(request, "delivery_id");
    return context.state.deliveries.find((delivery) => delivery.id === id);
  };

  routes.add("GET", "/app/hook/deliveries", asApp((request) => listDeliveries(context, request)));
  routes.add("GET", "/app/hook/deliveries/{delivery_id}", asApp((request) => {
    const delivery = find(request);
    if (delivery === undefined) return answerNotFound();
    const body = {
      ...renderItem(delivery),
      url: delivery.url,
      request: { headers: delivery.requestHeaders, payload: JSON.parse(delivery.body) as unknown },
      response: { headers: delivery.responseHeaders, payload: delivery.responseBody },
    };
    return { status: 200, body };
  }));
  routes.add("POST", "/app/hook/deliveries/{delivery_id}/attempts", asApp((request) => {
    const delivery = find(request);
    if (delivery === undefined) return answerNotFound();
    webhooks.redeliver(delivery);
    return { status: 202, body: {} };
  }));
}

/** Newest first, paged by an opaque `cursor` in the `Link` header rather than page numbers. */
function listDeliveries(context: SimContext, request: SimRequest): SimAnswer {
  const perPage = Math.min(100, Math.max(1, Number(request.query.get("per_page") ?? 30) || 30));
  const status = request.query.get("status");
  const cursor = /^v1_(\d+)$/.exec(request.query.get("cursor") ?? "")?.[1];
  const newestFirst = [...context.state.deliveries]
    .reverse()
    .filter((delivery) => status === null || (status === "success") === delivery.ok)
    .filter((delivery) => cursor === undefined || delivery.id <= Number(cursor));
  const page = newestFirst.slice(0, perPage);
  const following = newestFirst[perPage];
  const headers: Record<string, string> = {};
  if (following !== undefined) {
    const query = new URLSearchParams(request.query);
    query.set("per_page", String(perPage));
    query.set("cursor", `v1_${following.id}`);
    headers["link"] = `<${context.url}${request.path}?${query.toString()}>; rel="next"`;
  }
  return { status: 200, body: page.map(renderItem), headers };
}

function renderItem(delivery: SimDelivery): Record<string, unknown> {
  return {
    id: delivery.id,
    guid: delivery.guid,
    delivered_at: delivery.deliveredAt,
    redelivery: delivery.redelivery,
    duration: Math.round(delivery.durationMs) / 1000,
    status: delivery.status,
    status_code: delivery.statusCode,
    event: delivery.event,
    action: delivery.action,
    installation_id: delivery.installationId,
    repository_id: delivery.repositoryId,
    throttled_at: null,
  };
}
