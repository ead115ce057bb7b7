import type { FastifyInstance } from "fastify";
import { loadConfig } from "../../src/config/load-config.js";
import { EventBus } from "../../src/events/event-bus.js";
import type { Ledger } from "../../src/ledger/ledger.js";
import type { Provider } from "../../src/providers/provider.js";
import { buildServer } from "../../src/server/build-server.js";
import type { RetryPool } from "../../src/server/retry-route.js";
import { captureLogger, configuredEnv, openTempLedger, signBody, workflowJobBody } from "./intake-fixtures.js";
import { createSetupProbes } from "../../src/app/create-setup-probes.js";

/** An admin token long enough for the config loader. */
export const TEST_ADMIN_TOKEN = "test-admin-token-5e7a9c1d";

export interface DashboardTestServer {
  readonly app: FastifyInstance;
  readonly ledger: Ledger;
  readonly bus: EventBus;
  readonly lines: string[];
  /** Records a queued (or other) workflow_job webhook through the real route. */
  queueJob(jobId: number, options?: { action?: string; name?: string; labels?: string[] }): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real server over a temp SQLite ledger with the dashboard's options: extra environment
 * (OFFLOAD_ADMIN_TOKEN, OFFLOAD_PUBLIC_STATUS), providers for the log route, a short keep-alive.
 */
export async function startDashboardServer(
  options: { env?: Record<string, string | undefined>; providers?: ReadonlyMap<string, Provider>; keepAliveMs?: number; retryPool?: RetryPool } = {},
): Promise<DashboardTestServer> {
  const { config, problems } = loadConfig(configuredEnv(options.env));
  if (problems.length > 0) throw new Error(`test config has problems: ${JSON.stringify(problems)}`);
  const temp = await openTempLedger();
  const { log, lines } = captureLogger();
  const bus = new EventBus();
  const app = buildServer({
    probes: createSetupProbes(),
    config,
    ledger: temp.ledger,
    bus,
    clock: { now: () => Date.now(), iso: () => new Date().toISOString(), sleep: async () => undefined },
    log,
    wake: () => undefined,
    readiness: async () => ({ ready: true, checks: { ledger: { ok: true, detail: "SQLite reachable" } } }),
    ...(options.providers === undefined ? {} : { providers: options.providers }),
    ...(options.keepAliveMs === undefined ? {} : { keepAliveMs: options.keepAliveMs }),
    ...(options.retryPool === undefined ? {} : { retryPool: options.retryPool }),
  });
  await app.ready();
  return {
    app,
    ledger: temp.ledger,
    bus,
    lines,
    async queueJob(jobId, jobOptions = {}) {
      const body = JSON.stringify(workflowJobBody({ jobId, action: jobOptions.action ?? "queued", labels: jobOptions.labels ?? ["hf-jobs-t4-small"], job: { name: jobOptions.name ?? `job ${jobId}` } }));
      const response = await app.inject({
        method: "POST",
        url: "/webhook",
        headers: { "content-type": "application/json", "x-github-event": "workflow_job", "x-github-delivery": `d-${jobId}-${jobOptions.action ?? "queued"}`, "x-hub-signature-256": signBody(body) },
        payload: body,
      });
      if (response.statusCode !== 200) throw new Error(`webhook answered ${response.statusCode}: ${response.body}`);
    },
    async close() {
      await app.close();
      await temp.close();
    },
  };
}
