import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { systemClock, type Clock } from "../clock/clock.js";
import type { OffloadConfig } from "../config/config.js";
import { EventBus } from "../events/event-bus.js";
import { createGitHubClient, type GitHubClient } from "../github/create-github-client.js";
import type { Ledger } from "../ledger/ledger.js";
import { openLedger } from "../ledger/open-ledger.js";
import type { Provider } from "../providers/provider.js";
import { instrumentProvider } from "../providers/instrument-provider.js";
import { createProvider } from "../providers/registry.js";
import { buildRunnerBootstrapCommand } from "../providers/runner-bootstrap.js";
import { Reconciler } from "../reconciler/reconciler.js";
import { createMissedWorkFinder, type MissedWorkFinder } from "../intake/create-missed-work-finder.js";
import { buildServer } from "../server/build-server.js";
import { createCancelRun } from "../server/create-cancel-run.js";
import type { ReadinessCheck } from "../server/server-deps.js";
import { fingerprintLaunchConfig } from "../reconciler/launch-config-fingerprint.js";
import { WarmPools } from "../reconciler/warm-pools.js";

export interface Dispatcher {
  /** Where it listens, e.g. `http://127.0.0.1:7860`. */
  readonly url: string;
  readonly app: FastifyInstance;
  readonly bus: EventBus;
  /** Null when the ledger could not be opened (see /readyz). */
  readonly ledger: Ledger | null;
  /** Null while the dispatcher needs setup. */
  readonly reconciler: Reconciler | null;
  /** Stops intake (in-flight requests finish), lets the reconciler's pass and effects finish, closes the ledger. */
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly config: OffloadConfig;
  readonly log: Logger;
  readonly clock?: Clock;
  /** Environment that local runner processes may inherit (PATH, HOME ...). */
  readonly baseEnv?: Readonly<Record<string, string>>;
  /** Called once the setup wizard stored new App credentials (`offload serve` restarts on it). */
  readonly onCredentialsStored?: () => void;
  /** Providers to use instead of building them from the config (tests, the demo). */
  readonly providers?: ReadonlyMap<string, Provider>;
  /**
   * At most this many launches and cancels under way at once. 100 keeps the GitHub calls among
   * them (about 40 % of a launch's time) well under GitHub's 100 concurrent requests.
   */
  readonly maxInFlight?: number;
}

/**
 * The composition root of `offload serve`: builds the real ledger, GitHub client, providers,
 * reconciler and HTTP server from a parsed config, and starts them. Without credentials it still
 * serves (health, setup state, 503 on /webhook) and never crashes.
 */
export async function startDispatcher(options: StartOptions): Promise<Dispatcher> {
  const { config, log } = options;
  const clock = options.clock ?? systemClock;
  const bus = new EventBus();
  const ledger = await openConfiguredLedger(config, log, bus);
  const runtime = ledger === null || config.missing.length > 0 ? null : buildRuntime(options, ledger, bus, clock);
  const reconciler = runtime?.reconciler ?? null;

  const app = buildServer({
    config,
    ledger,
    bus,
    clock,
    log,
    wake: (poolKey) => reconciler?.wake("webhook", poolKey ?? null),
    readiness: () => checkReadiness(config, ledger, reconciler),
    ...(runtime === null ? {} : { providers: runtime.providers, cancelRun: createCancelRun(runtime.github), githubRateLimit: runtime.github.rateLimit, drain: { set: (paused: boolean) => runtime.reconciler.setPaused(paused), paused: () => runtime.reconciler.paused }, retryPool: (key: string) => runtime.reconciler.retry(key) }),
    ...(options.onCredentialsStored === undefined ? {} : { onCredentialsStored: options.onCredentialsStored }),
  });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : config.port;
  const url = `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${port}`;
  if (runtime !== null) {
    // Webhooks are recorded from the moment we listen, but nothing launches before the jobs the
    // ledger believes unfinished were re-read: ones taken or finished while we were down (their
    // webhooks were lost) must not get a second runner.
    await runtime.finder.refreshBeforeLaunch();
    await runtime.reconciler.noteLaunchConfig(fingerprintLaunchConfig(config));
    runtime.reconciler.start();
    runtime.finder.start();
  }
  if (config.missing.length > 0) log.warn({ missing: config.missing, url }, "dispatcher needs setup; webhooks answer 503 until these are set");
  log.info({ url, provider: config.provider, dataDir: config.dataDir }, "dispatcher listening");

  return {
    url,
    app,
    bus,
    ledger,
    reconciler,
    stop: async () => {
      await app.close();
      await runtime?.finder.stop();
      await reconciler?.stop();
      await ledger?.close();
    },
  };
}

async function openConfiguredLedger(config: OffloadConfig, log: Logger, bus: EventBus): Promise<Ledger | null> {
  try {
    return await openLedger({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, log: log.child({ component: "ledger" }), onCommit: (commit) => bus.emit("ledger:commit", commit) });
  } catch (error) {
    log.error({ err: error }, "could not open the ledger; /readyz reports it");
    return null;
  }
}

/** The parts that need credentials: one GitHub client shared by the reconciler and the finder. */
interface Runtime {
  readonly github: GitHubClient;
  readonly providers: ReadonlyMap<string, Provider>;
  readonly reconciler: Reconciler;
  readonly finder: MissedWorkFinder;
}

function buildRuntime(options: StartOptions, ledger: Ledger, bus: EventBus, clock: Clock): Runtime {
  const { config, log } = options;
  const { appId, privateKey, apiUrl } = config.github;
  if (appId === null || privateKey === null) throw new Error("unreachable: credentials checked by config.missing");
  const github = createGitHubClient({ apiUrl, appId, privateKey, clock, log });
  const built =
    options.providers ??
    new Map([[config.provider, createProvider(config.provider, { config, log, clock, ...(options.baseEnv ? { baseEnv: options.baseEnv } : {}) })]]);
  const providers = new Map([...built].map(([name, provider]) => [name, instrumentProvider(provider, bus)]));
  const warmPools = new WarmPools({ ledger, config, clock, log: log.child({ component: "warm-pools" }) });
  const reconciler = new Reconciler(
    { ledger, github, providers, clock, log: log.child({ component: "reconciler" }), bus, dispatcherId: config.dispatcherId, runnerCommand: buildRunnerBootstrapCommand() },
    { intervalMs: config.reconcileIntervalSeconds * 1000, maxInFlight: options.maxInFlight ?? 100, settleGraceMs: 60_000,
      bootTimeoutMs: config.bootTimeoutSeconds * 1000,
      bootTimeoutsByFlavor: new Map([...config.bootTimeouts].map(([flavor, seconds]) => [flavor, seconds * 1000])),
      sources: { warm: (now) => warmPools.targets(now) },
    },
  );
  warmPools.onResolved(() => reconciler.wake("warm"));
  const finder = createMissedWorkFinder({ github, ledger, config, clock, log: log.child({ component: "missed-work" }), bus, wake: () => reconciler.wake("poll") });
  return { github, providers, reconciler, finder };
}

async function checkReadiness(
  config: OffloadConfig,
  ledger: Ledger | null,
  reconciler: Reconciler | null,
): Promise<{ ready: boolean; checks: Record<string, ReadinessCheck> }> {
  const ledgerOk = ledger !== null && (await ledger.ping().catch(() => false));
  const checks: Record<string, ReadinessCheck> = {
    config: config.missing.length === 0 ? { ok: true, detail: "credentials set" } : { ok: false, detail: `needs setup: set ${config.missing.join(", ")}` },
    ledger: ledgerOk ? { ok: true, detail: config.databaseUrl === null ? "SQLite reachable" : "PostgreSQL reachable" } : { ok: false, detail: "ledger not reachable: check OFFLOAD_DATA_DIR or DATABASE_URL" },
    reconciler: reconciler === null ? { ok: false, detail: "not running until setup is complete" } : { ok: true, detail: reconciler.paused ? "running, launches paused (drain)" : "running" },
  };
  // An open circuit is reported, not failed: the dispatcher itself is healthy and keeps recording.
  for (const [key, detail] of Object.entries(reconciler?.openCircuits() ?? {})) checks[`circuit ${key}`] = { ok: true, detail };
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}
