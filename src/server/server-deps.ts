import type { Logger } from "pino";
import type { Clock } from "../clock/clock.js";
import type { OffloadConfig } from "../config/config.js";
import type { EventBus } from "../events/event-bus.js";
import type { Ledger } from "../ledger/ledger.js";

/** One readiness check: `ok` and a sentence saying why. */
export interface ReadinessCheck {
  readonly ok: boolean;
  readonly detail: string;
}

/** What the HTTP server is built from; the composition root (`offload serve`) makes the real ones. */
export interface ServerDeps {
  readonly config: OffloadConfig;
  /** Null while the ledger cannot be opened (needs setup, or a broken DATABASE_URL). */
  readonly ledger: Ledger | null;
  readonly bus: EventBus;
  readonly clock: Clock;
  readonly log: Logger;
  /** Asks the reconciler for a pass now; must return at once. */
  readonly wake: () => void;
  /** What `GET /readyz` reports (configured, ledger reachable, ...). */
  readonly readiness: () => Promise<{ ready: boolean; checks: Record<string, ReadinessCheck> }>;
}
