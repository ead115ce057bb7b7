import type { ComputeStatus } from "../providers/provider.js";
import type { ReconcileSnapshot } from "../ledger/records.js";
import { decide, type Decision } from "./decide.js";
import { describeError, type ReconcilerDeps } from "./effects.js";
import { applyDecision } from "./apply-decision.js";
import { makeRunnerName } from "./runner-name.js";

export interface ReconcilerOptions {
  /** Timer period; each timer pass also asks the providers what their compute is doing. */
  readonly intervalMs: number;
  /** At most this many effects (launches, cancels) under way at once. */
  readonly maxInFlight: number;
  /** See `DecideInput.settleGraceMs`. */
  readonly settleGraceMs: number;
}

export interface PassSummary {
  readonly decisions: readonly Decision[];
  readonly launched: number;
  readonly cancelled: number;
}

/**
 * The level-triggered loop. `wake()` (intake, effects) runs a pass at once; a timer runs one every
 * interval, so nothing depends on any single event. Passes never overlap: a wake during a pass
 * runs one more pass after it. Effects run in the background and are tracked, so a webhook burst
 * launches in parallel and `stop()` can wait for them.
 */
export class Reconciler {
  readonly #deps: ReconcilerDeps;
  readonly #options: ReconcilerOptions;
  readonly #inFlight = new Map<string, Promise<void>>();
  #running: Promise<PassSummary> | null = null;
  #again: { observe: boolean; trigger: string } | null = null;
  #timer: NodeJS.Timeout | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  // Wakes are ignored until start(): the dispatcher refreshes its picture from GitHub first.
  #stopped = true;
  #paused = false;

  constructor(deps: ReconcilerDeps, options: ReconcilerOptions) {
    this.#deps = deps;
    this.#options = options;
  }

  /** Starts the timer and runs a first pass that also looks at the providers (restart recovery). */
  start(): void {
    this.#stopped = false;
    this.#request(true, "start");
    this.#schedule();
  }

  /** Asks for a pass as soon as possible (once started); cheap and safe to call on every webhook. */
  wake(trigger = "wake"): void {
    if (!this.#stopped) this.#request(false, trigger);
  }

  /** Launching pauses (drain); everything else, including recording and cancelling, goes on. */
  setPaused(paused: boolean): void {
    this.#paused = paused;
    if (!paused) this.wake("resume");
  }

  get paused(): boolean {
    return this.#paused;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Runs one pass now (after any pass under way) and returns what it decided. */
  async pass(options: { observe: boolean; trigger?: string } = { observe: true }): Promise<PassSummary> {
    while (this.#running !== null) await this.#running.catch(() => undefined);
    const running = this.#runPass(options.observe, options.trigger ?? "manual");
    this.#running = running;
    try {
      return await running;
    } finally {
      this.#running = null;
      this.#drainRequests();
    }
  }

  /** Resolves when no effect is under way. */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight.values()]);
  }

  /** Stops the timer, lets the current pass and its effects finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#timer = null;
    this.#retryTimer = null;
    this.#again = null;
    if (this.#running !== null) await this.#running.catch(() => undefined);
    await this.settled();
  }

  #request(observe: boolean, trigger: string): void {
    if (this.#running !== null) {
      this.#again = { observe: observe || (this.#again?.observe ?? false), trigger };
      return;
    }
    void this.pass({ observe, trigger }).catch((error: unknown) => {
      this.#deps.log.error({ err: describeError(error) }, "reconcile pass failed; the next pass retries");
    });
  }

  #drainRequests(): void {
    const again = this.#again;
    this.#again = null;
    if (again !== null && !this.#stopped) this.#request(again.observe, again.trigger);
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#request(true, "timer");
      this.#schedule();
    }, this.#options.intervalMs);
  }

  async #runPass(observe: boolean, trigger: string): Promise<PassSummary> {
    const { ledger, clock, bus } = this.#deps;
    const started = performance.now();
    // Effects that finish while the snapshot is read leave stale rows in it: they count as in
    // flight for this pass, or a runner that just launched would look abandoned.
    const inFlightAtSnapshot = new Set(this.#inFlight.keys());
    const snapshot = await ledger.snapshot();
    const observed = observe ? await this.#observe(snapshot) : null;
    const budget = this.#paused ? 0 : Math.max(0, this.#options.maxInFlight - this.#inFlight.size);
    const decisions = decide({ snapshot, inFlight: new Set([...inFlightAtSnapshot, ...this.#inFlight.keys()]), observed, now: clock.now(), launchBudget: budget, settleGraceMs: this.#options.settleGraceMs });

    const launchNames = await this.#claimLaunches(decisions);
    let launched = 0;
    let cancelled = 0;
    // Only when the effect budget ran out is more work waiting for an effect to finish.
    const starved = budget > 0 && decisions.filter((d) => d.kind === "launch").length >= budget;
    for (const decision of decisions) {
      const name = decision.kind === "launch" ? (launchNames.get(decision) ?? null) : decisionRunnerName(decision);
      if (name === null) continue;
      if (decision.kind === "launch") launched++;
      if (decision.kind === "cancel") cancelled++;
      const pool = snapshot.pools.find((p) => p.key === poolKeyOf(decision));
      this.#track(name, applyDecision(this.#deps, decision, name, pool), starved);
    }
    this.#scheduleRetry(decisions);
    bus.emit("reconcile:pass", { durationMs: performance.now() - started, launched, cancelled, trigger });
    return { decisions, launched, cancelled };
  }

  /** Launch decisions get their runner's name and `planned` row before any effect starts. */
  async #claimLaunches(decisions: readonly Decision[]): Promise<Map<Decision, string>> {
    const names = new Map<Decision, string>();
    const plans = [];
    for (const decision of decisions) {
      if (decision.kind !== "launch") continue;
      const name = makeRunnerName(decision.forJobId);
      names.set(decision, name);
      plans.push({ name, poolKey: decision.pool.key, provider: decision.pool.provider, forJobId: decision.forJobId });
    }
    if (plans.length === 0) return names;
    const claimed = new Set(await this.#deps.ledger.claimRunners(plans, this.#deps.clock.iso(), { onlyForOpenDemand: true }));
    for (const [decision, name] of names) if (!claimed.has(name)) names.delete(decision);
    for (const plan of plans) {
      if (claimed.has(plan.name)) this.#deps.bus.emit("runner:planned", { name: plan.name, poolKey: plan.poolKey, forJobId: plan.forJobId });
    }
    return names;
  }

  /** Asks each provider that runs one of our runners what its compute is doing. */
  async #observe(snapshot: ReconcileSnapshot): Promise<Map<string, ComputeStatus> | null> {
    const names = new Set(snapshot.runners.map((r) => r.provider));
    const observed = new Map<string, ComputeStatus>();
    for (const name of names) {
      const provider = this.#deps.providers.get(name);
      if (provider === undefined) continue;
      try {
        for (const status of await provider.listOurs()) {
          if (status.runnerName !== null) observed.set(status.runnerName, status);
        }
      } catch (error) {
        // Without a complete picture nothing may be declared gone: skip settling this pass.
        this.#deps.log.warn({ provider: name, err: describeError(error) }, "could not list our compute; settling skipped this pass");
        return null;
      }
    }
    return observed;
  }

  #track(name: string, effect: Promise<void>, wakeAfter: boolean): void {
    const tracked = effect
      .catch((error: unknown) => this.#deps.log.error({ runner: name, err: describeError(error) }, "reconcile effect failed"))
      .finally(() => {
        this.#inFlight.delete(name);
        if (wakeAfter) this.wake("effect");
      });
    this.#inFlight.set(name, tracked);
  }

  /** A pool holding after a failure is looked at again when its backoff ends, not a whole interval later. */
  #scheduleRetry(decisions: readonly Decision[]): void {
    const retryTimes = decisions.flatMap((d) => (d.kind === "hold" && d.pool.retryAt !== null ? [Date.parse(d.pool.retryAt)] : []));
    if (retryTimes.length === 0 || this.#stopped) return;
    const delay = Math.max(0, Math.min(...retryTimes) - this.#deps.clock.now());
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.wake("retry");
    }, delay + 10);
  }
}

/** The runner a non-launch decision acts on (launches get theirs when claimed). */
function decisionRunnerName(decision: Decision): string | null {
  return decision.kind === "launch" || decision.kind === "hold" ? null : decision.runner.name;
}

function poolKeyOf(decision: Decision): string {
  return decision.kind === "launch" || decision.kind === "hold" ? decision.pool.key : decision.runner.poolKey;
}
