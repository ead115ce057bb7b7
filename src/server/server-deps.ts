import type { Logger } from "pino";
import type { Clock } from "../clock/clock.js";
import type { OffloadConfig } from "../config/config.js";
import type { EventBus } from "../events/event-bus.js";
import type { Ledger } from "../ledger/ledger.js";
import type { Provider } from "../providers/provider.js";
import type { ReadinessCheck } from "../domain/readiness.js";
import type { SetupProbes } from "../probes/setup-probes.js";
import type { Drain } from "./drain-route.js";
import type { CancelRun } from "./cancel-route.js";
import type { RetryPool } from "./retry-route.js";

export type { ReadinessCheck };

/** What the HTTP server is built from; the composition root (`offload serve`) makes the real ones. */
export interface ServerDeps {
  readonly config: OffloadConfig;
  /** Null while the ledger cannot be opened (needs setup, or a broken DATABASE_URL). */
  readonly ledger: Ledger | null;
  readonly bus: EventBus;
  readonly clock: Clock;
  readonly log: Logger;
  /** What the setup wizard asks of GitHub, the Hub and the public URL (`createSetupProbes()`). */
  readonly probes: SetupProbes;
  /** Asks the reconciler for a pass now; must return at once. */
  /** Asks the reconciler for a pass now (for new demand in `poolKey`, or everything); returns at once. */
  readonly wake: (poolKey?: string | null) => void;
  /** What `GET /readyz` reports (configured, ledger reachable, ...). */
  readonly readiness: () => Promise<{ ready: boolean; checks: Record<string, ReadinessCheck> }>;
  /** The providers by name, for streaming a runner's log (`/api/jobs/:id/log`); without them the log says so. */
  readonly providers?: ReadonlyMap<string, Provider>;
  /** The GitHub client's last-seen REST budget, for the `offload_github_rate_limit_remaining` gauge. */
  /** Pauses launching for `POST /api/drain` (the reconciler's `setPaused`). */
  readonly drain?: Drain;
  /** Ends a pool's backoff for `POST /api/pools/{key}/retry` (the reconciler's `retry`). */
  readonly retryPool?: RetryPool;
  readonly githubRateLimit?: () => { remaining: number | null; resetAt: number | null };
  /** Whether this replica holds the leader lease, for the `offload_leader` gauge. */
  readonly leader?: () => boolean;
  /** How often an open event stream sends a keep-alive comment; default 15 s. */
  readonly keepAliveMs?: number;
  /**
   * Cancels a workflow run on GitHub (`POST /repos/{o}/{r}/actions/runs/{id}/cancel`, App permission
   * `actions: write`) for `POST /api/jobs/:id/cancel`; `createCancelRun(github)` makes it. Without
   * it that route answers 501.
   */
  readonly cancelRun?: CancelRun;
  /**
   * Called after `/setup` stored the App's credentials in `<dataDir>/setup-credentials.json` (and the
   * page saying so was sent): the composition root reloads the config and restarts its internals.
   */
  readonly onCredentialsStored?: () => void;
  /** How jobs arrive and, for scale sets, each session's state (`GET /api/intake`). */
  readonly intake?: () => { mode: string; sentence: string; scaleSets: readonly object[] };
}
