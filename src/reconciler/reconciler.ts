import { decide, demandFromSnapshot, type Decision, type ObservedCompute } from "./decide.js";
import { describeError, type ReconcilerDeps } from "./effects.js";
import { applyDecision } from "./apply-decision.js";
import { launchRunner, type LaunchOutcome } from "./launch-runner.js";
import { CLOSED, describeOpenCircuit, isOpen, recordFailure, type Circuit } from "./circuit-breaker.js";
import type { PoolRecord } from "../ledger/records.js";
import { makeRunnerName } from "./runner-name.js";
import { observeCompute } from "./observe-compute.js";
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
  #again: PassRequest | null = null;
  #drainScheduled = false;
  /** Passes requested and not finished, including those still asking the providers. */
  readonly #passes = new Set<Promise<PassSummary>>();
  #observing: Promise<Observation> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  // Wakes are ignored until start(): the dispatcher refreshes its picture from GitHub first.
  #stopped = true;
  #paused = false;
  #sweeping: Promise<unknown> | null = null;
  /** One circuit per provider (`provider:<name>`) and per GitHub installation (`github:<id>`). */
  readonly #circuits = new Map<string, Circuit>();

  constructor(deps: ReconcilerDeps, options: ReconcilerOptions) {
    this.#deps = deps;
    this.#options = options;
  }

  /** Starts the timer and runs a first pass that also looks at the providers (restart recovery). */
  start(): void {
    this.#stopped = false;
    this.#request({ level: "observe", pools: new Set(), trigger: "start" });
    this.#schedule();
  }

  /**
   * Asks for a pass as soon as possible (once started); cheap and safe to call on every webhook.
   * With `poolKey` (new queued demand there) the pass is one claim for that pool; without, a full
   * pass over every pool whose demand and supply differ.
   */
  wake(trigger = "wake", poolKey: string | null = null): void {
    if (this.#stopped) return;
    this.#request(poolKey === null ? { level: "full", pools: new Set(), trigger } : { level: "claim", pools: new Set([poolKey]), trigger });
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

  /** Runs one full pass now (after any pass under way) and returns what it decided. */
  async pass(options: { observe: boolean; trigger?: string } = { observe: true }): Promise<PassSummary> {
    return this.#pass({ level: options.observe ? "observe" : "full", pools: new Set(), trigger: options.trigger ?? "manual" });
  }

  async #pass(request: PassRequest): Promise<PassSummary> {
    const pass = this.#passAfterObserving(request);
    this.#passes.add(pass);
    try {
      return await pass;
    } finally {
      this.#passes.delete(pass);
    }
  }

  /**
   * A pass that looks at the providers asks them first, while other passes go on: listing took
   * 1.4 s with 1000 jobs in the dispatch benchmark, and claims for new webhooks waited for it.
   * Asking before reading the ledger is also what makes the answer safe to judge (see decide's
   * `observedAt`).
   */
  async #passAfterObserving(request: PassRequest): Promise<PassSummary> {
    const observation = request.level === "observe" ? await this.#observeShared() : null;
    while (this.#running !== null) await this.#running.catch(() => undefined);
    const running = request.level === "claim" ? this.#claimPass(request.pools, request.trigger) : this.#runPass(observation, request.trigger);
    this.#running = running;
    try {
      return await running;
    } finally {
      this.#running = null;
      this.#drainRequests();
    }
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

  /** Resolves when no effect is under way. */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0 || this.#sweeping !== null) await Promise.allSettled([...this.#inFlight.values(), this.#sweeping]);
  }

  /** Open circuits, for /readyz: what stops launching and until when. */
  openCircuits(): Record<string, string> {
    const now = this.#deps.clock.now();
    return Object.fromEntries([...this.#circuits].flatMap(([key, circuit]) => (isOpen(circuit, now) ? [[key, describeOpenCircuit(circuit, now)]] : [])));
  }

  #launch(name: string, pool: PoolRecord, forJobId: number | null, starved: boolean): void {
    const launched = launchRunner(this.#deps, name, pool, forJobId).then((outcome) => {
      this.#noteLaunch(pool, outcome);
      return outcome.ok;
    });
    this.#track(name, launched, starved);
  }

  /** A launch's outcome feeds the circuits of the provider and the installation it went to. */
  #noteLaunch(pool: PoolRecord, outcome: LaunchOutcome): void {
    const keys = { provider: `provider:${pool.provider}`, github: `github:${pool.scope.installationId}` };
    if (outcome.ok) {
      for (const key of Object.values(keys)) if (this.#circuits.has(key)) this.#circuits.delete(key);
      return;
    }
    if (outcome.upstream === "ledger") return;
    const key = keys[outcome.upstream];
    const now = this.#deps.clock.now();
    const next = recordFailure(this.#circuits.get(key) ?? CLOSED, outcome.error, now);
    this.#circuits.set(key, next);
    if (isOpen(next, now)) this.#deps.log.warn({ circuit: key, reason: describeOpenCircuit(next, now) }, "circuit opened: launches through it paused");
  }

  #blockedReason(pool: PoolRecord): string | null {
    const now = this.#deps.clock.now();
    for (const key of [`provider:${pool.provider}`, `github:${pool.scope.installationId}`]) {
      const circuit = this.#circuits.get(key);
      if (circuit !== undefined && isOpen(circuit, now)) return `${key.startsWith("provider:") ? pool.provider : "GitHub"} ${describeOpenCircuit(circuit, now)}`;
    }
    return null;
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

  /** Stops the timer, lets the current pass and its effects finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#timer = null;
    this.#retryTimer = null;
    this.#again = null;
    while (this.#passes.size > 0) await Promise.allSettled([...this.#passes]);
    await this.settled();
  }

  /**
   * Requests wait for the end of the event loop's turn (and for a pass under way), then run as one
   * merged pass: the webhooks a burst delivers in one turn cost one claim, not one each.
   */
  #request(request: PassRequest): void {
    this.#again = this.#again === null ? request : mergeRequests(this.#again, request);
    this.#drainRequests();
  }

  #drainRequests(): void {
    if (this.#running !== null || this.#drainScheduled || this.#again === null) return;
    this.#drainScheduled = true;
    setImmediate(() => {
      this.#drainScheduled = false;
      const again = this.#again;
      this.#again = null;
      if (again === null || this.#stopped) return;
      void this.#pass(again).catch((error: unknown) => {
        this.#deps.log.error({ err: describeError(error) }, "reconcile pass failed; the next pass retries");
      });
    });
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#request({ level: "observe", pools: new Set(), trigger: "timer" });
      this.#schedule();
    }, this.#options.intervalMs);
  }

  /** The quick pass for new demand: one transaction claims what these pools lack, then launches. */
  async #claimPass(poolKeys: ReadonlySet<string>, trigger: string): Promise<PassSummary> {
    const { ledger, clock, bus } = this.#deps;
    const started = performance.now();
    const budget = this.#paused ? 0 : Math.max(0, this.#options.maxInFlight - this.#inFlight.size);
    const claims = await ledger.claimDemand({ poolKeys: [...poolKeys], max: budget, now: clock.iso(), name: makeRunnerName, skip: (pool) => this.#blockedReason(pool) !== null });
    const starved = budget > 0 && claims.length >= budget;
    const decisions: Decision[] = [];
    for (const [i, claim] of claims.entries()) {
      bus.emit("runner:planned", { name: claim.name, poolKey: claim.pool.key, forJobId: claim.forJobId });
      decisions.push({ kind: "launch", pool: claim.pool, forJobId: claim.forJobId });
      this.#launch(claim.name, claim.pool, claim.forJobId, starved);
      if ((i + 1) % EFFECTS_PER_TURN === 0) await nextTurn();
    }
    bus.emit("reconcile:pass", { durationMs: performance.now() - started, launched: claims.length, cancelled: 0, trigger });
    return { decisions, launched: claims.length, cancelled: 0 };
  }

  async #runPass(observation: Observation | null, trigger: string): Promise<PassSummary> {
    const { ledger, clock, bus } = this.#deps;
    const observe = observation !== null;
    const started = performance.now();
    // Effects that finish while the snapshot is read leave stale rows in it: they count as in
    // flight for this pass, or a runner that just launched would look abandoned.
    const inFlightAtSnapshot = new Set(this.#inFlight.keys());
    // A pass that looks at the providers reads every active runner to settle them; a pass on a
    // webhook only needs the pools whose demand and supply differ, counted in SQL.
    const snapshot = observe ? await ledger.snapshot() : null;
    const demand = snapshot === null ? await ledger.demand() : demandFromSnapshot(snapshot);
    const observed = observation?.observed ?? null;
    const budget = this.#paused ? 0 : Math.max(0, this.#options.maxInFlight - this.#inFlight.size);
    const decisions = decide({
      demand,
      runners: snapshot?.runners ?? [],
      inFlight: new Set([...inFlightAtSnapshot, ...this.#inFlight.keys()]),
      observed,
      observedAt: observation?.at ?? null,
      now: clock.now(),
      launchBudget: budget,
      settleGraceMs: this.#options.settleGraceMs,
      bootTimeoutMs: this.#options.bootTimeoutMs,
      bootTimeoutByPool: new Map(
        (snapshot?.pools ?? []).flatMap((pool) => {
          const ms = this.#options.bootTimeoutsByFlavor?.get(pool.flavor);
          return ms === undefined ? [] : [[pool.key, ms] as const];
        }),
      ),
      blocked: new Map(demand.flatMap((d) => {
        const reason = this.#blockedReason(d.pool);
        return reason === null ? [] : [[d.pool.key, reason] as const];
      })),
    });
    const pools = new Map([...(snapshot?.pools ?? []), ...demand.map((d) => d.pool)].map((pool) => [pool.key, pool]));

    const launchNames = await this.#claimLaunches(decisions);
    let launched = 0;
    let cancelled = 0;
    let startedEffects = 0;
    // Only when the effect budget ran out is more work waiting for an effect to finish.
    const starved = budget > 0 && decisions.filter((d) => d.kind === "launch").length >= budget;
    for (const decision of decisions) {
      const name = decision.kind === "launch" ? (launchNames.get(decision) ?? null) : decisionRunnerName(decision);
      if (name === null) continue;
      if (decision.kind === "launch") launched++;
      if (decision.kind === "cancel") cancelled++;
      const key = poolKeyOf(decision);
      const pool = key === null ? undefined : pools.get(key);
      if (decision.kind === "launch") this.#launch(name, decision.pool, decision.forJobId, starved);
      else this.#track(name, applyDecision(this.#deps, decision, name, pool), starved);
      // Each effect starts with a ledger write on this thread; hundreds at once (a timer pass
      // settling every runner that ended since the last) held webhooks for 50 ms and more.
      if (++startedEffects % EFFECTS_PER_TURN === 0) await nextTurn();
    }
    this.#scheduleRetry(decisions);
    if (observe) this.#sweep();
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

  /**
   * Runs an effect in the background. A full pass follows it when the budget had run out (more
   * demand waits) or when a launch failed (the pass holds the pool and times its retry).
   */
  #track(name: string, effect: Promise<unknown>, wakeAfter: boolean): void {
    const tracked = effect
      .then(
        (outcome) => outcome === false,
        (error: unknown) => {
          this.#deps.log.error({ runner: name, err: describeError(error) }, "reconcile effect failed");
          return true;
        },
      )
      .then((failed) => {
        this.#inFlight.delete(name);
        if (wakeAfter || failed) this.wake("effect");
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

/** What the providers said, and when they were asked (before the ledger was read). */
interface Observation {
  readonly observed: Map<string, ObservedCompute> | null;
  readonly at: number;
}

/** What a pass is asked to do: claim for some pools, look at every pool, or also ask the providers. */
interface PassRequest {
  readonly level: "claim" | "full" | "observe";
  readonly pools: ReadonlySet<string>;
  readonly trigger: string;
}

const LEVELS = { claim: 0, full: 1, observe: 2 } as const;

/** Effects a pass starts before it lets the event loop serve other work (webhooks) again. */
const EFFECTS_PER_TURN = 20;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Two pending requests as one: the wider level wins, claimed pools add up. */
function mergeRequests(a: PassRequest, b: PassRequest): PassRequest {
  return {
    level: LEVELS[a.level] >= LEVELS[b.level] ? a.level : b.level,
    pools: new Set([...a.pools, ...b.pools]),
    trigger: b.trigger,
  };
}

/** The runner a non-launch decision acts on (launches get theirs when claimed). */
function decisionRunnerName(decision: Decision): string | null {
  if (decision.kind === "launch" || decision.kind === "hold") return null;
  return decision.kind === "orphan" ? decision.runnerName : decision.runner.name;
}

function poolKeyOf(decision: Decision): string | null {
  if (decision.kind === "orphan") return null;
  return decision.kind === "launch" || decision.kind === "hold" ? decision.pool.key : decision.runner.poolKey;
}
