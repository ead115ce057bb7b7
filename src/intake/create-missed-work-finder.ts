import type { Logger } from "pino";
import type { Clock } from "../clock/clock.js";
import type { OffloadConfig } from "../config/config.js";
import type { EventBus } from "../events/event-bus.js";
import type { Ledger } from "../ledger/ledger.js";
import type { MissedWorkDeps, MissedWorkGitHub } from "./missed-work-deps.js";
import { createPollState, pollQueuedJobs } from "./poll-queued-jobs.js";
import { createRateBudget } from "./rate-budget.js";
import { createRedeliveryState, redeliverFailedDeliveries } from "./redeliver-failed-deliveries.js";
import { refreshKnownJobs } from "./refresh-known-jobs.js";
import { createRepeatingTask } from "./repeating-task.js";

/** What the finder needs: the dispatcher's own ledger, bus and reconciler wake-up, and its GitHub client. */
export interface MissedWorkFinderOptions {
  readonly github: MissedWorkGitHub;
  readonly ledger: Ledger;
  readonly config: OffloadConfig;
  readonly clock: Clock;
  readonly log: Logger;
  readonly bus: EventBus;
  /** Asks the reconciler for a pass; must return at once. */
  readonly wake: () => void;
  readonly intervals?: {
    /** Poll rounds; default the reconcile interval. */
    readonly pollMs?: number;
    /** Redelivery rounds; default 60 s. */
    readonly redeliverMs?: number;
    /** A repository without unfinished jobs is polled this often; default 5 minutes. */
    readonly quietMs?: number;
  };
  /**
   * Requests per rate-limit bucket kept for launches and clean-up; default 1000, 20 % of the 5,000
   * an installation gets per hour (github-protocol.md §6.5).
   */
  readonly reserve?: number;
  /** `refreshBeforeLaunch` gives up waiting after this long (the rounds go on); default 60 s. */
  readonly startupTimeoutMs?: number;
}

/** Finds work whose webhooks never arrived: polls queued jobs, redelivers failed deliveries, re-reads known jobs. */
export interface MissedWorkFinder {
  /** Starts the poll and redelivery timers (each round scheduled after the previous one ends). */
  start(): void;
  /** Stops the timers and waits for rounds under way. */
  stop(): Promise<void>;
  /** One poll round and one redelivery round, joining any under way; never rejects. */
  runOnce(): Promise<void>;
  /**
   * Re-reads every unfinished job, then runs one poll and one redelivery round, so the first
   * reconcile pass sees what happened while the dispatcher was down. Never rejects; returns after
   * `startupTimeoutMs` at the latest.
   */
  refreshBeforeLaunch(): Promise<void>;
}

export function createMissedWorkFinder(options: MissedWorkFinderOptions): MissedWorkFinder {
  const log = options.log.child({ component: "missed-work" });
  const budget = createRateBudget({ reserve: options.reserve ?? 1000, read: () => options.github.rateLimit() });
  const deps: MissedWorkDeps = { ...options, log, budget };
  const pollMs = options.intervals?.pollMs ?? options.config.reconcileIntervalSeconds * 1000;
  const settings = { roundIntervalMs: pollMs, quietIntervalMs: options.intervals?.quietMs ?? 300_000, cacheTtlMs: 300_000 };
  const pollState = createPollState();
  const redeliveryState = createRedeliveryState();

  const poll = createRepeatingTask({ name: "poll", intervalMs: pollMs, log, run: async () => {
    const report = await pollQueuedJobs(deps, pollState, settings);
    if (report.recorded + report.refreshed > 0) log.info({ recorded: report.recorded, refreshed: report.refreshed, polled: report.polled }, "poller found jobs whose webhooks were missed");
  } });
  const redeliver = createRepeatingTask({ name: "redelivery", intervalMs: options.intervals?.redeliverMs ?? 60_000, log, run: async () => {
    await redeliverFailedDeliveries(deps, redeliveryState);
  } });
  const runOnce = async (): Promise<void> => {
    await Promise.all([poll.runNow(), redeliver.runNow()]);
  };

  return {
    start() {
      poll.start();
      redeliver.start();
    },
    async stop() {
      await Promise.all([poll.stop(), redeliver.stop()]);
    },
    runOnce,
    async refreshBeforeLaunch() {
      const work = (async () => {
        try {
          const report = await refreshKnownJobs(deps);
          log.info({ ...report }, "re-read unfinished jobs before the first launch");
        } catch (error) {
          log.warn({ err: error }, "could not re-read unfinished jobs before the first launch");
        }
        await runOnce();
      })();
      const timeout = new AbortController();
      const limit = options.clock.sleep(options.startupTimeoutMs ?? 60_000, timeout.signal).then(
        () => log.warn("start-up refresh still running; launching meanwhile"),
        () => undefined,
      );
      await Promise.race([work, limit]);
      timeout.abort();
    },
  };
}
