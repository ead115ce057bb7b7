import type { Logger } from "pino";
import type { Clock } from "../../clock/clock.js";
import type { OffloadConfig } from "../../config/config.js";
import type { SetupProbes } from "../../probes/setup-probes.js";

/** What the setup wizard is built from; `ServerDeps` provides all of it. */
export interface SetupDeps {
  readonly config: OffloadConfig;
  readonly clock: Clock;
  readonly log: Logger;
  /** GitHub, the Hub and the public URL, as the composition root reaches them. */
  readonly probes: SetupProbes;
  /**
   * Called once, after the answer that shows the stored credentials has been sent, when the
   * manifest flow has written `<dataDir>/setup-credentials.json`. The composition root restarts
   * the dispatcher's internals with a freshly loaded config (which now reads that file); without
   * it the page tells the person to restart.
   */
  readonly onCredentialsStored?: (() => void) | undefined;
}
