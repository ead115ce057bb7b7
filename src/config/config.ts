import type { Secret } from "./secret.js";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The dispatcher's configuration: parsed once from the environment (names of
 * huggingface/jobs-actions unchanged) and an optional offload.yaml, validated, then frozen.
 */
export interface OffloadConfig {
  readonly port: number;
  readonly host: string;
  readonly logLevel: LogLevel;
  /** Where the SQLite ledger and stored setup credentials live. */
  readonly dataDir: string;
  /** PostgreSQL instead of SQLite when set. */
  readonly databaseUrl: Secret | null;
  readonly reconcileIntervalSeconds: number;
  /** Identifies this dispatcher's compute in providers (tag `offload-dispatcher`). */
  readonly dispatcherId: string;
  /** `OFFLOAD_PUBLIC_URL`: where GitHub reaches this dispatcher, when known. */
  readonly publicUrl: string | null;
  readonly github: {
    readonly apiUrl: string;
    readonly appId: string | null;
    readonly privateKey: Secret | null;
    /** The current secret first; a second one during rotation. */
    readonly webhookSecrets: readonly Secret[];
    /** Register runners per repository (default) or per organisation (org-owned repos only). */
    readonly runnerScope: "repo" | "org";
    readonly runnerGroupId: number;
  };
  readonly hf: {
    readonly endpoint: string;
    readonly token: Secret | null;
    readonly namespace: string | null;
  };
  /** Lower-case `owner/name`; null means every repository the App is installed on. */
  readonly allowedRepositories: ReadonlySet<string> | null;
  /** Upper-case image key → image reference; always has CPU and GPU. */
  readonly runnerImages: ReadonlyMap<string, string>;
  /** Hard limit for one runner's compute (JOB_TIMEOUT). */
  readonly jobTimeoutSeconds: number;
  /** Which provider serves `hf-jobs-*` labels: `hf-jobs` normally, `local` for the demo and tests. */
  readonly provider: "hf-jobs" | "local";
  readonly local: {
    /** Command the local provider runs for each runner (JIT config arrives in ACTIONS_RUNNER_INPUT_JITCONFIG). */
    readonly runnerCommand: readonly string[];
  };
  /** Settings still missing before the dispatcher can serve (empty when ready). */
  readonly missing: readonly string[];
}

/** One problem with one setting; loading reports all of them at once. */
export interface ConfigProblem {
  readonly setting: string;
  readonly message: string;
  readonly fix: string;
}
