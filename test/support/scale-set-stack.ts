import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { startDispatcher, type Dispatcher } from "../../src/app/start-dispatcher.js";
import { loadConfig } from "../../src/config/load-config.js";
import { startSims, type Sims } from "../../src/sim/start-sims.js";

/** A scale set on the `acme` organisation's installation, as offload.yaml would name it. */
export function labScaleSet(sims: Sims, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: "lab-gpu", labels: ["hf-jobs-t4-small"], scope: "org", owner: "acme", installationId: sims.installations.get("acme"), ...overrides };
}

/**
 * The simulators (long poll answering 202 after `pollTimeoutMs`) and the dispatcher's
 * environment for scale sets: without GH_WEBHOOK_SECRET unless `webhooks` (mixed mode).
 */
export async function startScaleSetSims(options: { pollTimeoutMs?: number; sessionTimeoutMs?: number; latencyMs?: number; hfSchedulingDelayMs?: number } = {}): Promise<{ sims: Sims; dataDir: string; env: (sets: readonly Record<string, unknown>[], webhooks?: boolean) => Record<string, string>; close(): Promise<void> }> {
  const sims = await startSims({ ...(options.hfSchedulingDelayMs === undefined ? {} : { hfSchedulingDelayMs: options.hfSchedulingDelayMs }), github: { scaleSets: { pollTimeoutMs: options.pollTimeoutMs ?? 300, sessionTimeoutMs: options.sessionTimeoutMs ?? 120_000 }, ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }) } });
  const dataDir = mkdtempSync(join(tmpdir(), "offload-scale-set-"));
  return {
    sims,
    dataDir,
    env: (sets, webhooks = false) => {
      const { GH_WEBHOOK_SECRET: secret, ...rest } = sims.dispatcherEnv({ dataDir, reconcileIntervalSeconds: 1 });
      return { ...rest, ...(webhooks && secret !== undefined ? { GH_WEBHOOK_SECRET: secret } : {}), OFFLOAD_SCALE_SETS: JSON.stringify(sets) };
    },
    close: async () => {
      await sims.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An in-process dispatcher configured from `env` exactly as `offload serve` would be. */
export async function startConfiguredDispatcher(env: Record<string, string>): Promise<Dispatcher> {
  const { config, problems } = loadConfig({ PATH: process.env["PATH"], HOME: process.env["HOME"], ...env });
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join("; "));
  return startDispatcher({ config, log: pino({ level: process.env["OFFLOAD_TEST_LOG"] ?? "silent" }) });
}
