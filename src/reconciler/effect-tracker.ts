import type { Logger } from "pino";
import { describeError } from "./effects.js";

/**
 * Effects (launches, cancels) running in the background, by runner name, so a burst launches in
 * parallel, a pass knows which runners are about to change, and `stop()` can wait for them.
 */
export class EffectTracker {
  readonly #inFlight = new Map<string, Promise<void>>();
  readonly #log: Logger;
  /** Called when an effect ends that asked for a pass after it (budget ran out, or it failed). */
  readonly #onWake: () => void;

  constructor(log: Logger, onWake: () => void) {
    this.#log = log;
    this.#onWake = onWake;
  }

  get size(): number {
    return this.#inFlight.size;
  }

  names(): Set<string> {
    return new Set(this.#inFlight.keys());
  }

  /**
   * Runs an effect in the background. A full pass follows it when the budget had run out (more
   * demand waits) or when it failed (an effect resolving `false` failed; the pass holds the pool
   * and times its retry).
   */
  track(name: string, effect: Promise<unknown>, wakeAfter: boolean): void {
    const tracked = effect
      .then(
        (outcome) => outcome === false,
        (error: unknown) => {
          this.#log.error({ runner: name, err: describeError(error) }, "reconcile effect failed");
          return true;
        },
      )
      .then((failed) => {
        this.#inFlight.delete(name);
        if (wakeAfter || failed) this.#onWake();
      });
    this.#inFlight.set(name, tracked);
  }

  /** Resolves when none of the tracked effects (nor `also`) is under way. */
  async settled(also: () => Promise<unknown> | null = () => null): Promise<void> {
    while (this.#inFlight.size > 0 || also() !== null) await Promise.allSettled([...this.#inFlight.values(), also()]);
  }
}
