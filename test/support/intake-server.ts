import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { loadConfig } from "../../src/config/load-config.js";
import { EventBus } from "../../src/events/event-bus.js";
import type { Ledger } from "../../src/ledger/ledger.js";
import { buildServer } from "../../src/server/build-server.js";
import { captureLogger, configuredEnv, openTempLedger, signBody, steppingClock } from "./intake-fixtures.js";
import { createSetupProbes } from "../../src/app/create-setup-probes.js";

export interface TestServer {
  readonly app: FastifyInstance;
  readonly ledger: Ledger | null;
  readonly bus: EventBus;
  /** Log lines written so far (pino JSON). */
  readonly lines: string[];
  wakes(): number;
  /** Sends a signed webhook; `headers` override or (with undefined) drop the defaults. */
  webhook(body: string | Buffer | object, options?: { event?: string; guid?: string; secret?: string; headers?: Record<string, string | undefined> }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** The real server over a temp SQLite ledger (or none), with a captured trace-level log. */
export async function startTestServer(options: { env?: Record<string, string | undefined>; withLedger?: boolean; readiness?: () => Promise<{ ready: boolean; checks: Record<string, { ok: boolean; detail: string }> }> } = {}): Promise<TestServer> {
  const { config, problems } = loadConfig(options.env ?? configuredEnv());
  if (problems.length > 0) throw new Error(`test config has problems: ${JSON.stringify(problems)}`);
  const temp = options.withLedger === false ? null : await openTempLedger();
  const { log, lines } = captureLogger();
  const bus = new EventBus();
  let wakes = 0;
  const app = buildServer({
    probes: createSetupProbes(),
    config,
    ledger: temp?.ledger ?? null,
    bus,
    clock: steppingClock(),
    log,
    wake: () => void wakes++,
    readiness: options.readiness ?? (async () => ({ ready: true, checks: { ledger: { ok: true, detail: "answers" } } })),
  });
  await app.ready();
  return {
    app,
    ledger: temp?.ledger ?? null,
    bus,
    lines,
    wakes: () => wakes,
    webhook(body, webhookOptions = {}) {
      const payload = typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
      const headers: Record<string, string | undefined> = {
        "content-type": "application/json",
        "x-github-event": webhookOptions.event ?? "workflow_job",
        "x-github-delivery": webhookOptions.guid ?? "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        "x-hub-signature-256": signBody(payload, webhookOptions.secret),
        "user-agent": "GitHub-Hookshot/044aadd",
        ...webhookOptions.headers,
      };
      const sent = Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));
      return app.inject({ method: "POST", url: "/webhook", headers: sent, payload }) as Promise<LightMyRequestResponse>;
    },
    async close() {
      await app.close();
      await temp?.close();
    },
  };
}
