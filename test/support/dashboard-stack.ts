import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { systemClock } from "../../src/clock/clock.js";
import { Secret } from "../../src/config/secret.js";
import { createProvider } from "../../src/providers/registry.js";
import { buildServer } from "../../src/server/build-server.js";
import { startSimStack, type SimStack } from "../../src/sim/start-sim-stack.js";
import { createSetupProbes } from "../../src/app/create-setup-probes.js";

/** A whole dispatcher over the simulators, and a dashboard server over its ledger and bus. */
export interface DashboardStack {
  readonly stack: SimStack;
  /** The dashboard server's base URL (`http://127.0.0.1:<port>`). */
  readonly url: string;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * Starts `startSimStack` plus a second server built by `buildServer` from the same ledger and
 * bus, with the HF Jobs provider passed in (for the runner's log) and, optionally, an admin
 * token: the composition root does not pass either to its own server yet.
 */
export async function startDashboardStack(options: { adminToken?: string; publicStatus?: boolean; keepAliveMs?: number; hfSchedulingDelayMs?: number } = {}): Promise<DashboardStack> {
  const dataDir = mkdtempSync(join(tmpdir(), "offload-dashboard-"));
  const stack = await startSimStack({ dataDir, ...(options.hfSchedulingDelayMs === undefined ? {} : { hfSchedulingDelayMs: options.hfSchedulingDelayMs }) });
  const ledger = stack.dispatcher.ledger;
  const config = { ...stack.config, adminToken: options.adminToken === undefined ? null : new Secret(options.adminToken), publicStatus: options.publicStatus ?? false };
  const app = buildServer({
    probes: createSetupProbes(),
    config,
    ledger,
    bus: stack.dispatcher.bus,
    clock: systemClock,
    log: pino({ level: "silent" }),
    wake: () => stack.dispatcher.reconciler?.wake("test"),
    readiness: async () => {
      const ok = ledger !== null && (await ledger.ping());
      return { ready: ok, checks: { config: { ok: true, detail: "credentials set" }, ledger: { ok, detail: ok ? "SQLite reachable" : "ledger not reachable" }, reconciler: { ok: true, detail: "running" } } };
    },
    providers: new Map([["hf-jobs", createProvider("hf-jobs", { config: stack.config })]]),
    ...(options.keepAliveMs === undefined ? {} : { keepAliveMs: options.keepAliveMs }),
  });
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  return {
    stack,
    url,
    app,
    async close() {
      await app.close();
      await stack.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
