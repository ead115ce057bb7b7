import type { FastifyInstance } from "fastify";
import type { ServerDeps } from "./server-deps.js";

/**
 * `GET /api/intake`: how jobs reach this dispatcher (webhook, scale-set or mixed), each scale
 * set's session state, and each scale-set pool's demand as GitHub last reported it. Admin-only,
 * like every `/api/` route (decide-access.ts).
 */
export function registerIntakeRoute(app: FastifyInstance, deps: ServerDeps): void {
  app.get("/api/intake", async () => {
    const report = deps.intake?.() ?? { mode: "webhook", sentence: "webhook intake", scaleSets: [] };
    const demand = deps.ledger === null ? [] : await deps.ledger.reportedDemand().catch(() => []);
    return { ...report, reportedDemand: demand };
  });
}
