/** What a pass is asked to do: claim for some pools, look at every pool, or also ask the providers. */
export interface PassRequest {
  readonly level: "claim" | "full" | "observe";
  readonly pools: ReadonlySet<string>;
  readonly trigger: string;
}

const LEVELS = { claim: 0, full: 1, observe: 2 } as const;

/** Two pending requests as one: the wider level wins, claimed pools add up. */
export function mergeRequests(a: PassRequest, b: PassRequest): PassRequest {
  return {
    level: LEVELS[a.level] >= LEVELS[b.level] ? a.level : b.level,
    pools: new Set([...a.pools, ...b.pools]),
    trigger: b.trigger,
  };
}

/**
 * When passes run. Requests wait for the end of the event loop's turn (and for a pass under way),
 * then run as one merged pass: the webhooks a burst delivers in one turn cost one claim, not one
 * each. Passes never overlap; `prepare` (asking the providers) runs before a pass waits its turn,
 * so slow listings do not hold claims for new webhooks. A timer asks for an observing pass every
 * interval, and `retryAt` for one when a pool's backoff ends.
 */
export class PassScheduler<Prepared, Summary> {
  readonly #prepare: (request: PassRequest) => Promise<Prepared>;
  readonly #run: (request: PassRequest, prepared: Prepared) => Promise<Summary>;
  readonly #onError: (error: unknown) => void;
  readonly #intervalMs: number;
  #running: Promise<Summary> | null = null;
  #again: PassRequest | null = null;
  #drainScheduled = false;
  readonly #passes = new Set<Promise<Summary>>();
  #timer: NodeJS.Timeout | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  #stopped = true;

  constructor(options: {
    intervalMs: number;
    prepare: (request: PassRequest) => Promise<Prepared>;
    run: (request: PassRequest, prepared: Prepared) => Promise<Summary>;
    onError: (error: unknown) => void;
  }) {
    this.#intervalMs = options.intervalMs;
    this.#prepare = options.prepare;
    this.#run = options.run;
    this.#onError = options.onError;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  start(first: PassRequest): void {
    this.#stopped = false;
    this.request(first);
    this.#schedule();
  }

  /** Asks for a pass as soon as possible; ignored once stopped (and before start). */
  request(request: PassRequest): void {
    if (this.#stopped) return;
    this.#again = this.#again === null ? request : mergeRequests(this.#again, request);
    this.#drain();
  }

  /** Runs one pass now (after any under way) and returns its summary. */
  async pass(request: PassRequest): Promise<Summary> {
    const pass = this.#prepareThenRun(request);
    this.#passes.add(pass);
    try {
      return await pass;
    } finally {
      this.#passes.delete(pass);
    }
  }

  /** A pass when the earliest of these instants (epoch ms) comes, not a whole interval later. */
  retryAt(times: readonly number[], now: number, wake: () => void): void {
    if (times.length === 0 || this.#stopped) return;
    const delay = Math.max(0, Math.min(...times) - now);
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      wake();
    }, delay + 10);
  }

  /** Stops the timers and waits for the passes under way. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#timer = null;
    this.#retryTimer = null;
    this.#again = null;
    while (this.#passes.size > 0) await Promise.allSettled([...this.#passes]);
  }

  async #prepareThenRun(request: PassRequest): Promise<Summary> {
    const prepared = await this.#prepare(request);
    while (this.#running !== null) await this.#running.catch(() => undefined);
    const running = this.#run(request, prepared);
    this.#running = running;
    try {
      return await running;
    } finally {
      this.#running = null;
      this.#drain();
    }
  }

  #drain(): void {
    if (this.#running !== null || this.#drainScheduled || this.#again === null) return;
    this.#drainScheduled = true;
    setImmediate(() => {
      this.#drainScheduled = false;
      const again = this.#again;
      this.#again = null;
      if (again === null || this.#stopped) return;
      void this.pass(again).catch(this.#onError);
    });
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.request({ level: "observe", pools: new Set(), trigger: "timer" });
      this.#schedule();
    }, this.#intervalMs);
  }
}
