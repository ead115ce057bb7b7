import { registerIntakeRoute } from "./intake-route.js";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from "fastify";
import { OffloadError } from "../errors/offload-error.js";
import type { Ledger } from "../ledger/ledger.js";
import { registerApiRoutes } from "./api-routes.js";
import { registerCostRoutes } from "./cost-routes.js";
import { registerDrainRoute } from "./drain-route.js";
import { registerRetryRoute } from "./retry-route.js";
import { registerCancelRoute } from "./cancel-route.js";
import { createMetrics } from "./create-metrics.js";
import { registerDashboard } from "./register-dashboard.js";
import { RejectedDeliveries } from "./rejected-deliveries.js";
import { trackRoutes } from "./route-registry.js";
import type { ServerDeps } from "./server-deps.js";
import { registerSetupRoutes } from "./setup/setup-routes.js";
import { toOffloadError } from "./to-offload-error.js";
import { registerWebhookRoute } from "./webhook-route.js";

/**
 * The dispatcher's HTTP server: webhook intake, health, metrics, the service description, the
 * dashboard (with its access guard and login) and the JSON API. Not listening yet: the caller
 * calls `listen` (or `inject` in tests) and `close`.
 * Requests are logged without bodies or headers, so neither a signature nor a payload reaches a log.
 */
export function buildServer(deps: ServerDeps): FastifyInstance {
  // The routes take the plain instance type; pino's Logger is one FastifyBaseLogger.
  const app = Fastify<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger>({
    loggerInstance: deps.log,
    // Fastify's own request lines are replaced by the quiet `onResponse` line below.
    logController: new LogController({ disableRequestLogging: true }),
  });
  trackRoutes(app);
  const rejected = new RejectedDeliveries(200);
  const metrics = createMetrics({ ledger: deps.ledger, bus: deps.bus, ...(deps.githubRateLimit === undefined ? {} : { githubRateLimit: deps.githubRateLimit }), ...(deps.leader === undefined ? {} : { leader: deps.leader }) });
  const ledger = (): Ledger => {
    if (deps.ledger === null) throw new OffloadError("OFFLOAD_LEDGER", "ledger in this dispatcher: not open (see /readyz)");
    return deps.ledger;
  };

  app.addHook("onResponse", async (request, reply) => {
    request.log.debug({ method: request.method, route: request.routeOptions.url ?? "(none)", status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, "request");
  });
  app.addHook("onClose", async () => metrics.close());
  app.setErrorHandler((error, request, reply) => {
    const offload = toOffloadError(error);
    // Needs-setup is expected (GitHub pings a new App before the restart): a warning, no stack.
    if (offload.code === "OFFLOAD_NEEDS_SETUP") request.log.warn({ code: offload.code, reason: offload.message }, "request refused: dispatcher needs setup");
    else if (offload.status >= 500) request.log.error({ code: offload.code, err: error }, "request failed");
    return reply.status(offload.status).send({ error: offload.toJSON() });
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new OffloadError("OFFLOAD_NOT_FOUND", `page '${request.method} ${request.url.split("?")[0]?.slice(0, 200)}' in offload's HTTP server: no such page`);
    return reply.status(404).send({ error: error.toJSON() });
  });

  app.get("/healthz", async () => ({ status: deps.config.missing.length === 0 ? "ok" : "needs-setup" }));
  app.get("/readyz", async (_request, reply) => {
    const result = await deps.readiness();
    return reply.status(result.ready ? 200 : 503).send(result);
  });
  app.get("/metrics", async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(body);
  });
  registerDashboard(app, deps, ledger, rejected);
  registerApiRoutes(app, ledger, rejected, () => deps.clock.now());
  registerCostRoutes(app, ledger, deps.config, () => deps.clock.now());
  registerWebhookRoute(app, deps, rejected);
  registerSetupRoutes(app, deps);
  registerCancelRoute(app, deps, ledger);
  registerDrainRoute(app, deps);
  registerIntakeRoute(app, deps);
  registerRetryRoute(app, deps);
  return app;
}
