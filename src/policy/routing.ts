import type { RunnerScope } from "./runner-scope.js";

/** How to start runners for one pool: the same on every launch. */
export interface PoolSpec {
  /** `<scope>|g<runnerGroupId>|<sorted lower-case labels joined by ,>` */
  readonly key: string;
  readonly scope: RunnerScope;
  readonly runnerGroupId: number;
  /** Exactly the labels the runner is registered with: the job's labels, lower-cased, sorted, unique. */
  readonly labels: readonly string[];
  readonly provider: string;
  readonly flavor: string;
  readonly image: string;
  readonly timeoutSeconds: number;
}

/**
 * Intake's verdict on a job: served by a pool, ignored (not ours: no offload label), or refused
 * (ours but not launchable: unknown flavor, repo not allowed...). `reason` is shown to people.
 */
export type Routing =
  | { readonly kind: "pool"; readonly pool: PoolSpec }
  | { readonly kind: "ignored"; readonly reason: string }
  | { readonly kind: "refused"; readonly code: string; readonly reason: string };
