import type { PoolRecord } from "../ledger/records.js";
import { applyPass, type ApplyContext } from "./apply-pass.js";
import { Circuits } from "./circuits.js";
import { decide, type Decision, type ObservedCompute } from "./decide.js";
import { EffectTracker } from "./effect-tracker.js";
import { describeError, type ReconcilerDeps } from "./effects.js";
import { LaunchPlanner } from "./launch-planner.js";
import { observeCompute } from "./observe-compute.js";
import { PassScheduler } from "./pass-scheduler.js";
import type { PlanSources } from "./plan-sources.js";
import type { ClaimPolicy } from "./plan-policy-inputs.js";
import type { ForkVerdicts } from "../policy/hold-forks.js";
import { sweepRegistrations } from "./sweep-registrations.js";

export interface ReconcilerOptions {
  /** Timer period; each timer pass also asks the providers what their compute is doing. */
  readonly intervalMs: number;
  /** At most this many effects (launches, cancels) under way at once. */
  readonly maxInFlight: number;
  /** See `DecideInput.settleGraceMs`. */
  readonly settleGraceMs: number;
  /** See `DecideInput.bootTimeoutMs`. */
  readonly bootTimeoutMs: number;
  /** Boot timeouts of flavors that have their own, in ms. */
  readonly bootTimeoutsByFlavor?: ReadonlyMap<string, number>;
  /** The planner's inputs beyond the ledger (warm pools, policy holds, caps, reported demand, fallbacks). */
  readonly sources?: PlanSources;
  /** Policy the planner applies at claim time (concurrency limits, fork pull requests). */
  readonly policy?: ClaimPolicy;
  /** Fork verdicts that need effects (look a run up, cancel a denied one). */
  readonly onForks?: (verdicts: ForkVerdicts) => void;
}

export interface PassSummary {
  readonly decisions: readonly Decision[];
  readonly launched: number;
  readonly cancelled: number;
}

/**
 * The level-triggered loop. `wake()` (intake, effects) runs a pass at once; a timer runs one every
 * interval, so nothing depends on any single event. Its parts, each in its own file: when passes
 * run (`PassScheduler`), the circuits (`Circuits`), the effects under way (`EffectTracker`), the
 * planner's call site (`LaunchPlanner`) and the apply loop (`applyPass`).
 */
export class Reconciler {
  readonly #deps: ReconcilerDeps;
  readonly #options: ReconcilerOptions;
  readonly #circuits: Circuits;
  readonly #planner: LaunchPlanner;
  readonly #tracker: EffectTracker;
  readonly #scheduler: PassScheduler<Observation | null, PassSummary>;
  readonly #apply: ApplyContext;
  #observing: Promise<Observation> | null = null;
  #sweeping: Promise<unknown> | null = null;

  constructor(deps: ReconcilerDeps, options: ReconcilerOptions) {
    this.#deps = deps;
    this.#options = options;
    this.#circuits = new Circuits(deps.clock, deps.log);
    this.#planner = new LaunchPlanner({
      ledger: deps.ledger, clock: deps.clock, circuits: this.#circuits, sources: options.sources ?? {},
      ...(options.policy === undefined ? {} : { policy: options.policy }),
      ...(options.onForks === undefined ? {} : { onForks: options.onForks }),
    });
    this.#tracker = new EffectTracker(deps.log, () => this.wake("effect"));
    this.#apply = { deps, tracker: this.#tracker, circuits: this.#circuits, planner: this.#planner };
    this.#scheduler = new PassScheduler({
      intervalMs: options.intervalMs,
      // A pass that looks at the providers asks them first, while other passes go on: listing took
      // 1.4 s with 1000 jobs in the dispatch benchmark, and claims for new webhooks waited for it.
      // Asking before reading the ledger is also what makes the answer safe to judge (decide's `observedAt`).
      prepare: (request) => (request.level === "observe" ? this.#observeShared() : Promise.resolve(null)),
      run: (request, observation) => (request.level === "claim" ? this.#claimPass(request.pools, request.trigger) : this.#fullPass(observation, request.trigger)),
      onError: (error) => this.#deps.log.error({ err: describeError(error) }, "reconcile pass failed; the next pass retries"),
    });
  }

  /** Starts the timer and runs a first pass that also looks at the providers (restart recovery). */
  start(): void {
    this.#scheduler.start({ level: "observe", pools: new Set(), trigger: "start" });
  }

  /**
   * Asks for a pass as soon as possible (once started); cheap and safe to call on every webhook.
   * With `poolKey` (new queued demand there) the pass is one claim for that pool; without, a full
   * pass over every pool.
   */
  wake(trigger = "wake", poolKey: string | null = null): void {
    this.#scheduler.request(poolKey === null ? { level: "full", pools: new Set(), trigger } : { level: "claim", pools: new Set([poolKey]), trigger });
  }

  /** Launching pauses (drain); everything else, including recording and cancelling, goes on. */
  setPaused(paused: boolean): void {
    this.#planner.paused = paused;
    if (!paused) this.wake("resume");
  }

  get paused(): boolean {
    return this.#planner.paused;
  }

  get inFlight(): number {
    return this.#tracker.size;
  }

  /** Runs one full pass now (after any pass under way) and returns what it decided. */
  async pass(options: { observe: boolean; trigger?: string } = { observe: true }): Promise<PassSummary> {
    return this.#scheduler.pass({ level: options.observe ? "observe" : "full", pools: new Set(), trigger: options.trigger ?? "manual" });
  }

  /** Resolves when no effect is under way. */
  async settled(): Promise<void> {
    await this.#tracker.settled(() => this.#sweeping);
  }

  /** Open circuits, for /readyz: what stops launching and until when. */
  openCircuits(): Record<string, string> {
    return this.#circuits.open();
  }

  /**
   * A person says "try now" (`offload retry`, `POST /api/pools/{key}/retry`): the pool's backoff
   * ends in the ledger, its circuits close, and it is claimed for at once. Null for an unknown pool.
   */
  async retry(poolKey: string): Promise<PoolRecord | null> {
    const pool = await this.#deps.ledger.clearPoolBackoff(poolKey, this.#deps.clock.iso());
    if (pool === null) return null;
    this.#circuits.closeFor(pool);
    this.#deps.log.info({ pool: pool.key }, "pool backoff cleared; launching now");
    this.wake("retry", pool.key);
    return pool;
  }

  /**
   * At start: a configuration other than the last start's (a new HF token, other images) clears
   * the pools stuck with the old one; the 30-minute probe is only for pools that keep failing.
   */
  async noteLaunchConfig(fingerprint: string): Promise<readonly string[]> {
    const cleared = await this.#deps.ledger.noteLaunchConfig(fingerprint, this.#deps.clock.iso()).catch((error: unknown) => {
      this.#deps.log.warn({ err: describeError(error) }, "could not compare the launch configuration with the last start's");
      return [];
    });
    if (cleared.length > 0) this.#deps.log.info({ pools: cleared }, "launch configuration changed: backoff of these pools cleared");
    return cleared;
  }

  /** Stops the timer, lets the current pass and its effects finish. */
  async stop(): Promise<void> {
    await this.#scheduler.stop();
    await this.settled();
  }

  /** One provider listing at a time; passes that ask while one is under way share its answer. */
  #observeShared(): Promise<Observation> {
    this.#observing ??= (async () => {
      const at = this.#deps.clock.now();
      return { observed: await observeCompute(this.#deps), at };
    })().finally(() => {
      this.#observing = null;
    });
    return this.#observing;
  }

  #budget(): number {
    return this.#planner.paused ? 0 : Math.max(0, this.#options.maxInFlight - this.#tracker.size);
  }

  /** The quick pass for new demand: one transaction plans and claims what these pools lack, then launches. */
  async #claimPass(poolKeys: ReadonlySet<string>, trigger: string): Promise<PassSummary> {
    const started = performance.now();
    const budget = this.#budget();
    const claimed = await this.#planner.claim(poolKeys, budget);
    const wakeAfter = budget > 0 && claimed.length >= budget;
    await applyPass(this.#apply, { claimed, decisions: [], pools: new Map(), wakeAfter });
    this.#deps.bus.emit("reconcile:pass", { durationMs: performance.now() - started, launched: claimed.length, cancelled: 0, trigger });
    return { decisions: claimed.map((c) => ({ kind: "launch" as const, pool: c.pool, forJobId: c.forJobId })), launched: claimed.length, cancelled: 0 };
  }

  async #fullPass(observation: Observation | null, trigger: string): Promise<PassSummary> {
    const { ledger, clock, bus } = this.#deps;
    const started = performance.now();
    // Effects that finish while the ledger is read leave stale rows: they count as in flight for
    // this pass, or a runner that just launched would look abandoned.
    const inFlightAtRead = this.#tracker.names();
    // A pass that looks at the providers reads every active runner to settle them.
    const snapshot = observation !== null ? await ledger.snapshot() : null;
    const now = clock.now();
    const facts = await ledger.poolFacts({ alsoKeys: this.#planner.alsoKeys(now) });
    const budget = this.#budget();
    const decisions = decide({
      pools: this.#planner.inputs(facts, now),
      runners: snapshot?.runners ?? [],
      inFlight: new Set([...inFlightAtRead, ...this.#tracker.names()]),
      observed: observation?.observed ?? null,
      observedAt: observation?.at ?? null,
      now,
      launchBudget: budget,
      paused: this.#planner.pausedReason,
      settleGraceMs: this.#options.settleGraceMs,
      bootTimeoutMs: this.#options.bootTimeoutMs,
      bootTimeoutByPool: this.#bootTimeouts(facts.map((f) => f.pool)),
    });
    const pools = new Map([...(snapshot?.pools ?? []), ...facts.map((f) => f.pool)].map((pool) => [pool.key, pool]));
    // The launches decided here are claimed again from facts read under the pools' locks.
    const launchPools = new Set(decisions.flatMap((d) => (d.kind === "launch" ? [d.pool.key] : [])));
    const claimed = await this.#planner.claim(launchPools, budget);
    // Only when the effect budget ran out is more work waiting for an effect to finish.
    const wakeAfter = budget > 0 && claimed.length >= budget;
    const { launched, cancelled } = await applyPass(this.#apply, { claimed, decisions, pools, wakeAfter });
    this.#scheduler.retryAt(decisions.flatMap((d) => (d.kind === "hold" && d.until !== null ? [Date.parse(d.until)] : [])), clock.now(), () => this.wake("retry"));
    if (observation !== null) this.#sweep();
    bus.emit("reconcile:pass", { durationMs: performance.now() - started, launched, cancelled, trigger });
    return { decisions, launched, cancelled };
  }

  #bootTimeouts(pools: readonly PoolRecord[]): Map<string, number> {
    return new Map(
      pools.flatMap((pool) => {
        const ms = this.#options.bootTimeoutsByFlavor?.get(pool.flavor);
        return ms === undefined ? [] : [[pool.key, ms] as const];
      }),
    );
  }

  /** Left-over registrations are swept in the background on passes that look at the providers, one sweep at a time. */
  #sweep(): void {
    if (this.#sweeping !== null) return;
    this.#sweeping = sweepRegistrations(this.#deps)
      .catch((error: unknown) => this.#deps.log.warn({ err: describeError(error) }, "registration sweep failed"))
      .finally(() => {
        this.#sweeping = null;
      });
  }
}

/** What the providers said, and when they were asked (before the ledger was read). */
interface Observation {
  readonly observed: Map<string, ObservedCompute> | null;
  readonly at: number;
}
