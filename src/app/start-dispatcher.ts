import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
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
import { createRepeatingTask, type RepeatingTask } from "../intake/repeating-task.js";
import { CHECK_RUN_DEFAULTS, reportCheckRuns } from "../checks/report-check-runs.js";
import { createLeaderLease, type LeaderLease } from "../leader/leader-lease.js";
import { buildServer } from "../server/build-server.js";
import { createCancelRun } from "../server/create-cancel-run.js";
import type { ReadinessCheck } from "../domain/readiness.js";
import type { SetupProbes } from "../probes/setup-probes.js";
import { createSetupProbes } from "./create-setup-probes.js";
import { buildScaleSetIntake, scaleSetReadiness } from "../intake/scale-set/build-scale-set-intake.js";
import type { ScaleSetIntake } from "../intake/scale-set/start-scale-set-intake.js";
import { describeIntakeMode } from "../intake/scale-set/describe-intake-mode.js";
import { fingerprintLaunchConfig } from "../reconciler/launch-config-fingerprint.js";
import { WarmPools } from "../reconciler/warm-pools.js";
import { BudgetHolds } from "../reconciler/budget-holds.js";
import { vetRuns } from "../checks/vet-runs.js";

export interface Dispatcher {
  /** Where it listens, e.g. `http://127.0.0.1:7860`. */
  readonly url: string;
  readonly app: FastifyInstance;
  readonly bus: EventBus;
  /** Null when the ledger could not be opened (see /readyz). */
  readonly ledger: Ledger | null;
  /** Null while the dispatcher needs setup. */
  readonly reconciler: Reconciler | null;
  /** Whether this replica polls, sweeps and redelivers (always, on SQLite); null while it needs setup. */
  readonly leader: LeaderLease | null;
  /** Stops intake (in-flight requests finish), lets the reconciler's pass and effects finish, closes the ledger. */
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly config: OffloadConfig;
  readonly log: Logger;
  readonly clock?: Clock;
  /** Environment that local runner processes may inherit (PATH, HOME ...). */
  readonly baseEnv?: Readonly<Record<string, string>>;
  /** `DOCKER_HOST` and `SSH_AUTH_SOCK`, for the docker backend. */
  readonly dockerEnv?: { readonly dockerHost?: string; readonly sshAgentSocket?: string };
  /** Called once the setup wizard stored new App credentials (`offload serve` restarts on it). */
  readonly onCredentialsStored?: () => void;
  /** Providers to use instead of building them from the config (tests, the demo). */
  readonly providers?: ReadonlyMap<string, Provider>;
  /**
   * At most this many launches and cancels under way at once. 100 keeps the GitHub calls among
   * them (about 40 % of a launch's time) well under GitHub's 100 concurrent requests.
   */
  readonly maxInFlight?: number;
  /** What the setup wizard asks of GitHub and the Hub; default the real ones. */
  readonly probes?: SetupProbes;
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
  // False until the start-up refresh is done and the reconciler launches (see /readyz).
  let launching = false;

  const app = buildServer({
    config,
    ledger,
    bus,
    clock,
    log,
    probes: options.probes ?? createSetupProbes(),
    wake: (poolKey) => reconciler?.wake("webhook", poolKey ?? null),
    readiness: () => checkReadiness(config, ledger, launching ? reconciler : null, runtime?.leader ?? null, runtime !== null && !launching, runtime?.scaleSets ?? null),
    leader: () => runtime?.leader.isLeader() ?? false,
    intake: () => ({ ...describeIntakeMode(config), scaleSets: runtime?.scaleSets?.statuses() ?? [] }),
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
    // Only the leader re-reads, polls, sweeps and redelivers; on SQLite that is always this process.
    await runtime.leader.start();
    await runtime.budgetRounds.runNow();
    runtime.budgetRounds.start();
    await runtime.reconciler.noteLaunchConfig(fingerprintLaunchConfig(config));
    runtime.reconciler.start();
    launching = true;
  }
  if (config.missing.length > 0) log.warn({ missing: config.missing, url }, "dispatcher needs setup; webhooks answer 503 until these are set");
  log.info({ url, provider: config.provider, dataDir: config.dataDir }, "dispatcher listening");

  return {
    url,
    app,
    bus,
    ledger,
    reconciler,
    leader: runtime?.leader ?? null,
    stop: async () => {
      await app.close();
      await runtime?.leader.stop();
      await runtime?.checkRuns.stop();
      await runtime?.budgetRounds.stop();
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
  /** Explains on GitHub (check runs) the jobs offload did not launch at once. */
  readonly checkRuns: RepeatingTask;
  readonly leader: LeaderLease;
  /** Null when offload.yaml names no scale sets. */
  readonly scaleSets: ScaleSetIntake | null;
  /** Sums this month's spend for the budgets (every replica plans with them). */
  readonly budgetRounds: RepeatingTask;
}

function buildRuntime(options: StartOptions, ledger: Ledger, bus: EventBus, clock: Clock): Runtime {
  const { config, log } = options;
  const { appId, privateKey, apiUrl } = config.github;
  if (appId === null || privateKey === null) throw new Error("unreachable: credentials checked by config.missing");
  const github = createGitHubClient({ apiUrl, appId, privateKey, clock, log });
  const built =
    options.providers ??
    new Map(
      // The default backend, and every backend a label rule in offload.yaml sends jobs to.
      [...new Set([config.provider, ...config.rules.map((rule) => rule.backend)])].map((name) => [
        name,
        createProvider(name, { config, log, clock, ...(options.baseEnv ? { baseEnv: options.baseEnv } : {}), ...options.dockerEnv }),
      ]),
    );
  const providers = new Map([...built].map(([name, provider]) => [name, instrumentProvider(provider, bus)]));
  // With replicas on PostgreSQL the reconciler's own timer stays off: its timer passes ask the
  // providers, settle ended runners and sweep registrations, which only the leader does (below).
  const replicated = config.databaseUrl !== null;
  const intervalMs = config.reconcileIntervalSeconds * 1000;
  const scaleSets = buildScaleSetIntake({ config, ledger, github, clock, log, wake: () => reconciler.wake("scale-set") });
  const warmPools = new WarmPools({ ledger, config, clock, log: log.child({ component: "warm-pools" }) });
  const budgets = new BudgetHolds({ ledger, policy: config.policy, now: () => clock.now() });
  const cancelRun = createCancelRun(github);
  const vetted = new Set<number>();
  const vetLog = log.child({ component: "fork-vetting" });
  const reconciler = new Reconciler(
    { ledger, github: scaleSets?.github ?? github, providers, clock, log: log.child({ component: "reconciler" }), bus, dispatcherId: config.dispatcherId, runnerCommand: buildRunnerBootstrapCommand() },
    { intervalMs: replicated ? NEVER_MS : intervalMs, maxInFlight: options.maxInFlight ?? 100, settleGraceMs: 60_000,
      bootTimeoutMs: config.bootTimeoutSeconds * 1000,
      bootTimeoutsByFlavor: new Map([...config.bootTimeouts].map(([flavor, seconds]) => [flavor, seconds * 1000])),
      sources: { warm: (now) => warmPools.targets(now), ...(budgets.active ? { holds: (pool) => budgets.holds(pool) } : {}) },
      policy: { concurrency: config.policy.concurrency, forks: config.policy.forks },
      // Looking a run up or cancelling a denied one happens outside the claim, then wakes a pass.
      onForks: (verdicts) => void vetRuns({ ledger, checks: github, cancelRun, clock, log: vetLog, wake: () => reconciler.wake("fork-vetting") }, verdicts, vetted),
    },
  );
  // This month's spend, for the budgets' holds; a reached budget holds new jobs within one round.
  const budgetRounds = createRepeatingTask({ name: "budgets", intervalMs: Math.min(5000, intervalMs), log, run: async () => {
    if (await budgets.refresh()) reconciler.wake("budgets");
  } });
  warmPools.onResolved(() => reconciler.wake("warm"));
  const finder = createMissedWorkFinder({ github, ledger, config, clock, log: log.child({ component: "missed-work" }), bus, wake: () => reconciler.wake("poll") });
  // A job not launched within three passes (at most 15 s) gets a check run with the reason.
  const checkRunOptions = { ...CHECK_RUN_DEFAULTS, graceMs: Math.min(CHECK_RUN_DEFAULTS.graceMs, 3 * intervalMs) };
  const checkRuns = createRepeatingTask({
    name: "check-runs",
    intervalMs: Math.min(5000, intervalMs),
    log,
    run: async () => {
      await reportCheckRuns({ ledger, checks: github, config, clock, log: log.child({ component: "check-runs" }) }, checkRunOptions);
    },
  });
  const sweeps = createRepeatingTask({ name: "leader timer pass", intervalMs, log, run: async () => {
    await reconciler.pass({ observe: true, trigger: "timer" });
  } });
  const leader = createLeaderLease({
    ledger, clock, bus, log: log.child({ component: "leader" }),
    holder: `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
    ttlMs: config.leaderLease.ttlMs, renewMs: config.leaderLease.renewMs,
    single: !replicated,
    duties: {
      onElected: async (atStart) => {
        // Elected on start, it reads what happened while it was down before it launches, as a
        // single dispatcher does. Taking over from a leader that died, it polls at once instead:
        // this replica kept recording while it followed.
        if (atStart) await finder.refreshBeforeLaunch();
        else void finder.runOnce();
        finder.start();
        // One replica explains jobs on GitHub, or two would post the same check run twice.
        checkRuns.start();
        // A scale set holds one message session: the leader listens (a second would meet 409).
        scaleSets?.start();
        if (replicated) sweeps.start();
      },
      onDeposed: async () => {
        await Promise.all([finder.stop(), sweeps.stop(), checkRuns.stop(), scaleSets?.stop()]);
      },
    },
  });
  return { github, providers, reconciler, finder, leader, checkRuns, scaleSets, budgetRounds };
}

/** The reconciler's own timer, off (setTimeout's largest delay, about 24.8 days). */
const NEVER_MS = 2_147_483_647;

async function checkReadiness(
  config: OffloadConfig,
  ledger: Ledger | null,
  reconciler: Reconciler | null,
  leader: LeaderLease | null,
  starting = false,
  scaleSets: ScaleSetIntake | null,
): Promise<{ ready: boolean; checks: Record<string, ReadinessCheck> }> {
  const ledgerOk = ledger !== null && (await ledger.ping().catch(() => false));
  const checks: Record<string, ReadinessCheck> = {
    config: config.missing.length === 0 ? { ok: true, detail: "credentials set" } : { ok: false, detail: `needs setup: set ${config.missing.join(", ")}` },
    ledger: ledgerOk ? { ok: true, detail: config.databaseUrl === null ? "SQLite reachable" : "PostgreSQL reachable" } : { ok: false, detail: "ledger not reachable: check OFFLOAD_DATA_DIR or DATABASE_URL" },
    reconciler: starting ? { ok: true, detail: "starting: re-reading GitHub before the first launch" } : reconciler === null ? { ok: false, detail: "not running until setup is complete" } : { ok: true, detail: reconciler.paused ? "running, launches paused (drain)" : "running" },
  };
  // A follower is as ready as the leader: it takes webhooks and launches for them.
  if (leader !== null) checks["leader"] = { ok: true, detail: leader.describe() };
  Object.assign(checks, scaleSetReadiness(scaleSets));
  // An open circuit is reported, not failed: the dispatcher itself is healthy and keeps recording.
  for (const [key, detail] of Object.entries(reconciler?.openCircuits() ?? {})) checks[`circuit ${key}`] = { ok: true, detail };
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}
