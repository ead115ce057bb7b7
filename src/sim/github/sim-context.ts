import type { Clock } from "../../clock/clock.js";
import type { SimApp } from "./app-identity.js";
import type { RateLimits } from "./rate-limits.js";
import type { SimState } from "./sim-state.js";

/** What every route handler works with. */
export interface SimContext {
  readonly state: SimState;
  readonly app: SimApp;
  readonly clock: Clock;
  readonly rateLimits: RateLimits;
  /** The simulator's base URL: API URLs in answers point back here, as on GitHub Enterprise Server. */
  url: string;
}
