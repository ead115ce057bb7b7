/**
 * Who may run what, on which hardware, at what cost: the admission rules of `offload.yaml`'s
 * `policy:` and `budgets:` sections, parsed once (`readPolicySection`) into this plain shape.
 * Every rule is applied by a pure function in this folder; every refusal or hold carries a reason
 * a person can act on.
 */
export interface AdmissionPolicy {
  /** Repository and organisation allow/deny lists, as globs over `owner/name` (`acme/*`). */
  readonly repositories: {
    readonly allow: readonly string[];
    readonly deny: readonly string[];
    /** `deny`: a repository no allow entry names is refused (default-deny). */
    readonly default: "allow" | "deny";
  };
  /** Per-repository flavor rules, first match wins; `repositories` globs as above. */
  readonly flavorRules: readonly FlavorRule[];
  readonly concurrency: ConcurrencyLimits;
  /** Per-label timeouts: the provider's timeout is the smaller of this and the pool's own. */
  readonly timeouts: readonly { readonly label: string; readonly seconds: number }[];
  readonly forks: ForkPolicy;
  readonly budgets: readonly Budget[];
  /** Prices of flavors the catalogue does not know (own hardware), USD per hour. */
  readonly prices: ReadonlyMap<string, number>;
}

export interface FlavorRule {
  readonly repositories: readonly string[];
  /** Flavor globs allowed (empty: every flavor); checked after `deny`. */
  readonly allow: readonly string[];
  readonly deny: readonly string[];
  /** At most this many GPUs per job; null: no limit. */
  readonly maxGpus: number | null;
}

export interface ConcurrencyLimits {
  /** Runners alive at once (not ended), across every pool; null: no limit. */
  readonly global: number | null;
  /** The same per flavor glob. */
  readonly perFlavor: readonly { readonly flavor: string; readonly max: number }[];
  /** The same per repository (every repository gets its own count). */
  readonly perRepository: number | null;
}

export const FORK_ACTIONS = ["allow", "deny", "sandbox", "hold"] as const;
export type ForkAction = (typeof FORK_ACTIONS)[number];

export interface ForkPolicy {
  /** For pull requests from forks of a public repository. Default `hold`. */
  readonly public: ForkAction;
  /** For pull requests from forks of a private repository. Default `allow` (GitHub already gates them). */
  readonly private: ForkAction;
  /** A maintainer's label on the pull request that releases held jobs. */
  readonly approveLabel: string;
  readonly sandbox: { readonly flavor: string; readonly timeoutSeconds: number };
}

export interface Budget {
  /** `repository` budgets count each matching repository apart; `organization` each owner; `all` everything. */
  readonly scope: "repository" | "organization" | "all";
  /** Globs over `owner/name` (repository), `owner` (organization); ignored for `all`. */
  readonly match: readonly string[];
  readonly monthlyUsd: number;
}

/** No rules at all: what a dispatcher without `policy:` does (fork holds aside, which default on). */
export const OPEN_POLICY: AdmissionPolicy = Object.freeze({
  repositories: { allow: [], deny: [], default: "allow" },
  flavorRules: [],
  concurrency: { global: null, perFlavor: [], perRepository: null },
  timeouts: [],
  forks: { public: "hold", private: "allow", approveLabel: "ok-to-run", sandbox: { flavor: "cpu-basic", timeoutSeconds: 1800 } },
  budgets: [],
  prices: new Map(),
}) as AdmissionPolicy;
