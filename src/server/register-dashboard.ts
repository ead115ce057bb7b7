import type { FastifyInstance } from "fastify";
import type { Ledger } from "../ledger/ledger.js";
import { registerAccessGuard } from "./access-guard.js";
import { createDashboardFeed } from "./dashboard-feed.js";
import { registerDashboardRoutes } from "./dashboard/dashboard-routes.js";
import { registerEventRoute, registerJobLogRoute } from "./event-routes.js";
import { EventStreams } from "./event-streams.js";
import { registerLoginRoutes } from "./login-routes.js";
import type { RejectedDeliveries } from "./rejected-deliveries.js";
import type { ServerDeps } from "./server-deps.js";

/** Proxies (an HF Space's among them) drop connections quiet for a minute or so; 15 s stays well inside. */
const DEFAULT_KEEP_ALIVE_MS = 15_000;

/**
 * The people-facing part of the server: the access guard in front of the pages and `/api/*`,
 * the login form, the pages, and the two event streams (live changes, a job's log). Open
 * streams are ended before the server closes, or `close()` would wait on them forever.
 */
export function registerDashboard(app: FastifyInstance, deps: ServerDeps, ledger: () => Ledger, rejected: RejectedDeliveries): void {
  const streams = new EventStreams(deps.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS);
  const feed = createDashboardFeed({ bus: deps.bus, ledger: deps.ledger, clock: deps.clock });
  app.addHook("preClose", async () => {
    feed.close();
    streams.closeAll();
  });
  registerAccessGuard(app, deps.config);
  registerLoginRoutes(app, deps.config);
  registerDashboardRoutes(app, deps, ledger, rejected);
  registerEventRoute(app, feed, streams);
  registerJobLogRoute(app, ledger, deps.providers, streams);
}
