import { randomBytes } from "node:crypto";
import type { Clock } from "../../clock/clock.js";

/* "You must complete all three steps in the GitHub App Manifest flow within one hour." (github-protocol.md §7) */
const STATE_LIFETIME_MS = 3_600_000;
/** Anyone may open /setup while it is unconfigured; a bound keeps a flood of starts from growing memory. */
const MAX_PENDING = 1000;

/**
 * The `state` values of manifest flows this dispatcher started: random, single use, valid one
 * hour, kept in memory only (a restart forgets them; the user starts again).
 */
export class PendingStates {
  readonly #clock: Clock;
  readonly #expiries = new Map<string, number>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** A fresh state to put in the GitHub URL. */
  issue(): string {
    this.#forgetExpired();
    if (this.#expiries.size >= MAX_PENDING) {
      const oldest = this.#expiries.keys().next().value;
      if (oldest !== undefined) this.#expiries.delete(oldest);
    }
    const state = randomBytes(24).toString("base64url");
    this.#expiries.set(state, this.#clock.now() + STATE_LIFETIME_MS);
    return state;
  }

  /** True once for a state this dispatcher issued less than an hour ago; false for anything else. */
  take(state: string): boolean {
    const expiresAt = this.#expiries.get(state);
    this.#expiries.delete(state);
    return expiresAt !== undefined && expiresAt > this.#clock.now();
  }

  #forgetExpired(): void {
    const now = this.#clock.now();
    for (const [state, expiresAt] of this.#expiries) if (expiresAt <= now) this.#expiries.delete(state);
  }
}
