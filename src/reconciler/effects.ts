import type { Logger } from "pino";
import type { Clock } from "../clock/clock.js";
import type { EventBus } from "../events/event-bus.js";
import type { GitHubPort } from "../github/github-port.js";
import type { Ledger } from "../ledger/ledger.js";
import type { Provider } from "../providers/provider.js";

/** What the reconciler's effects act on; built once by the composition root. */
export interface ReconcilerDeps {
  readonly ledger: Ledger;
  readonly github: GitHubPort;
  /** Providers by registry name. */
  readonly providers: ReadonlyMap<string, Provider>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly bus: EventBus;
  /** Tags every compute with this, so only our own compute is ever listed, adopted or cancelled. */
  readonly dispatcherId: string;
  /** Command a container provider runs to boot the runner (see runner/entrypoint.sh). */
  readonly runnerCommand: readonly string[];
}

/** A short reason from any error, safe to store and show: our errors never carry secrets. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export function providerFor(deps: ReconcilerDeps, name: string): Provider {
  const provider = deps.providers.get(name);
  if (provider === undefined) {
    throw new Error(`provider '${name}' is not configured: expected one of ${[...deps.providers.keys()].join(", ")}`);
  }
  return provider;
}
