import type { Logger } from "pino";
import type { OffloadConfig } from "../config/config.js";
import type { WarmPoolConfig } from "../config/warm-pools.js";
import type { Clock } from "../clock/clock.js";
import type { Ledger } from "../ledger/ledger.js";
import type { PoolSpec } from "../policy/routing.js";
import { routeJob } from "../policy/route-job.js";
import { describeError } from "./effects.js";
import type { WarmTarget } from "./plan-sources.js";
import { isWarmNow } from "./warm-schedule.js";

/** How often an unresolved warm pool (installation not known yet) is looked up again. */
const RESOLVE_EVERY_MS = 60_000;

/**
 * The configured warm pools as the planner's warm targets. A warm pool becomes a ledger pool (the
 * same key, labels and image a job with those labels would get, through `routeJob`) once its App
 * installation is known: from the configuration, or from a job of that repository or
 * organisation already in the ledger.
 */
export class WarmPools {
  readonly #configs: readonly WarmPoolConfig[];
  readonly #deps: { ledger: Ledger; config: OffloadConfig; clock: Clock; log: Logger };
  readonly #resolved = new Map<WarmPoolConfig, PoolSpec>();
  #lastTry = Number.NEGATIVE_INFINITY;
  #resolving: Promise<void> | null = null;
  #onResolved: () => void = () => undefined;

  constructor(deps: { ledger: Ledger; config: OffloadConfig; clock: Clock; log: Logger }) {
    this.#deps = deps;
    this.#configs = deps.config.warmPools;
  }

  /** Warm targets by pool key now (schedules applied); starts a lookup of unresolved pools now and then. */
  targets(now: number): Map<string, WarmTarget> {
    if (this.#resolved.size < this.#configs.length && now - this.#lastTry >= RESOLVE_EVERY_MS) void this.resolve();
    const targets = new Map<string, WarmTarget>();
    for (const [config, spec] of this.#resolved) {
      if (!isWarmNow(config.schedule, now)) continue;
      const previous = targets.get(spec.key);
      targets.set(spec.key, {
        min: (previous?.min ?? 0) + config.min,
        ...(config.maxIdleSeconds !== null && { maxIdleMs: config.maxIdleSeconds * 1000 }),
      });
    }
    return targets;
  }

  /** Called when pools were resolved (the reconciler then runs a pass for them). */
  onResolved(listener: () => void): void {
    this.#onResolved = listener;
  }

  /** Looks up the installations of the warm pools not resolved yet and writes their pools. */
  resolve(): Promise<void> {
    this.#lastTry = this.#deps.clock.now();
    this.#resolving ??= this.#resolveAll().finally(() => {
      this.#resolving = null;
    });
    return this.#resolving;
  }

  async #resolveAll(): Promise<void> {
    const { ledger, clock, log } = this.#deps;
    const specs: PoolSpec[] = [];
    for (const config of this.#configs) {
      if (this.#resolved.has(config)) continue;
      try {
        const spec = await this.#specOf(config);
        if (spec === null) continue;
        specs.push(spec);
        this.#resolved.set(config, spec);
      } catch (error) {
        log.warn({ labels: config.labels, err: describeError(error) }, "warm pool not resolved; trying again later");
      }
    }
    if (specs.length === 0) return;
    await ledger.ensurePools(specs, clock.iso());
    this.#onResolved();
  }

  async #specOf(config: WarmPoolConfig): Promise<PoolSpec | null> {
    const owner = config.repository?.split("/")[0] ?? config.organization ?? "";
    const installationId = config.installationId ?? (await this.#installationOf(config));
    if (installationId === null) {
      this.#deps.log.info({ labels: config.labels, where: config.repository ?? config.organization }, "warm pool waits for its first job there (App installation not known yet)");
      return null;
    }
    const routing = routeJob(
      {
        jobId: 0, runId: 0, runAttempt: 1, repo: config.repository ?? `${owner}/*`, ownerType: config.organization === null ? "User" : "Organization",
        installationId, status: "queued", conclusion: null, labels: config.labels, name: "warm pool", workflowName: null, headBranch: null,
        htmlUrl: null, runnerName: null, runnerId: null, createdAt: new Date(this.#deps.clock.now()).toISOString(),
      },
      this.#deps.config,
    );
    if (routing.kind !== "pool") {
      this.#deps.log.warn({ labels: config.labels, reason: routing.reason }, "warm pool's labels are not served: no warm runners for it");
      return null;
    }
    return routing.pool;
  }

  async #installationOf(config: WarmPoolConfig): Promise<number | null> {
    const jobs = await this.#deps.ledger.listJobs(config.repository !== null ? { repo: config.repository, limit: 1 } : { limit: 500 });
    const owner = `${config.organization ?? ""}/`.toLowerCase();
    const job = config.repository !== null ? jobs[0] : jobs.find((j) => j.repo.toLowerCase().startsWith(owner));
    return job?.installationId ?? null;
  }
}
