import type { Logger } from "pino";
import pino from "pino";
import { startDispatcher, type Dispatcher } from "../app/start-dispatcher.js";
import type { OffloadConfig } from "../config/config.js";
import { loadConfig } from "../config/load-config.js";
import type { Provider } from "../providers/provider.js";
import { startSims, type Sims, type SimsOptions } from "./start-sims.js";

export interface SimStack extends Sims {
  readonly dispatcher: Dispatcher;
  readonly config: OffloadConfig;
  close(): Promise<void>;
}

/**
 * Both simulators and an in-process dispatcher configured against them exactly as an operator
 * would configure it (environment variables through `loadConfig`), with the GitHub simulator's
 * webhooks aimed at the dispatcher. Used by `offload demo`, end-to-end tests and benchmarks.
 */
export async function startSimStack(
  options: SimsOptions & {
    dataDir: string;
    provider?: "hf-jobs" | "local" | "docker";
    reconcileIntervalSeconds?: number;
    log?: Logger;
    maxInFlight?: number;
    providers?: ReadonlyMap<string, Provider>;
    /** More settings, as an operator would set them (e.g. OFFLOAD_CONFIG), or made from the simulators (their installation ids). */
    env?: Readonly<Record<string, string>> | ((sims: Sims) => Record<string, string>);
  },
): Promise<SimStack> {
  const sims = await startSims(options);
  const env = sims.dispatcherEnv({
    dataDir: options.dataDir,
    ...(options.provider ? { provider: options.provider } : {}),
    ...(options.reconcileIntervalSeconds ? { reconcileIntervalSeconds: options.reconcileIntervalSeconds } : {}),
  });
  const { config, problems } = loadConfig({ PATH: process.env["PATH"], HOME: process.env["HOME"], ...env, ...(typeof options.env === "function" ? options.env(sims) : options.env) });
  if (problems.length > 0) throw new Error(`simulator configuration rejected: ${problems.map((p) => `${p.setting}: ${p.message}`).join("; ")}`);
  const dispatcher = await startDispatcher({
    config,
    log: options.log ?? pino({ level: "silent" }),
    baseEnv: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/tmp" },
    ...(options.maxInFlight === undefined ? {} : { maxInFlight: options.maxInFlight }),
    ...(options.providers === undefined ? {} : { providers: options.providers }),
  });
  sims.github.setWebhookTarget(`${dispatcher.url}/webhook`);
  return {
    ...sims,
    dispatcher,
    config,
    close: async () => {
      sims.github.setWebhookTarget(null);
      await dispatcher.stop();
      await sims.close();
    },
  };
}
