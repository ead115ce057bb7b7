import type { PoolRecord } from "../ledger/records.js";
import type { Clock } from "../clock/clock.js";
import type { Logger } from "pino";
import { CLOSED, describeOpenCircuit, isOpen, recordFailure, type Circuit } from "./circuit-breaker.js";
import type { LaunchOutcome } from "./launch-runner.js";

/**
 * The reconciler's circuits: one per provider (`provider:<name>`) and per GitHub installation
 * (`github:<id>`). Launch outcomes feed them; the planner reads, per pool, whether one is open.
 */
export class Circuits {
  readonly #circuits = new Map<string, Circuit>();
  readonly #clock: Clock;
  readonly #log: Logger;

  constructor(clock: Clock, log: Logger) {
    this.#clock = clock;
    this.#log = log;
  }

  /** A launch's outcome feeds the circuits of the provider and the installation it went to. */
  noteLaunch(pool: PoolRecord, outcome: LaunchOutcome): void {
    const keys = { provider: `provider:${pool.provider}`, github: `github:${pool.scope.installationId}` };
    if (outcome.ok) {
      for (const key of Object.values(keys)) this.#circuits.delete(key);
      return;
    }
    if (outcome.upstream === "ledger") return;
    const key = keys[outcome.upstream];
    const now = this.#clock.now();
    const next = recordFailure(this.#circuits.get(key) ?? CLOSED, outcome.error, now);
    this.#circuits.set(key, next);
    if (isOpen(next, now)) this.#log.warn({ circuit: key, reason: describeOpenCircuit(next, now) }, "circuit opened: launches through it paused");
  }

  /** Why launches into this pool wait for an open circuit, or null. */
  blockedReason(pool: PoolRecord): string | null {
    const now = this.#clock.now();
    for (const key of [`provider:${pool.provider}`, `github:${pool.scope.installationId}`]) {
      const circuit = this.#circuits.get(key);
      if (circuit !== undefined && isOpen(circuit, now)) return `${key.startsWith("provider:") ? pool.provider : "GitHub"} ${describeOpenCircuit(circuit, now)}`;
    }
    return null;
  }

  /** Open circuits, for /readyz: what stops launching and until when. */
  open(): Record<string, string> {
    const now = this.#clock.now();
    return Object.fromEntries([...this.#circuits].flatMap(([key, circuit]) => (isOpen(circuit, now) ? [[key, describeOpenCircuit(circuit, now)]] : [])));
  }

  /** `offload retry`: a person says the upstream is fixed; the next launch goes through. */
  closeFor(pool: PoolRecord): void {
    this.#circuits.delete(`provider:${pool.provider}`);
    this.#circuits.delete(`github:${pool.scope.installationId}`);
  }
}
