import type { AdmissionPolicy } from "../policy/policy.js";
import type { LeaderLeaseSettings } from "./read-leader-lease.js";
import type { DockerSettings, LabelRule } from "./label-rule.js";
import type { KubernetesSettings } from "./kubernetes-settings.js";
import type { ScaleSetConfig } from "./scale-set-config.js";
import type { WarmPoolConfig } from "./warm-pools.js";
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
  /** `SPACE_ID` (`owner/space`) when running in a Hugging Face Space, whose disk does not persist. */
  readonly spaceId: string | null;
  /** `SPACE_HOST` (`owner-space.hf.space`) in a Hugging Face Space: the public host GitHub reaches. */
  readonly spaceHost: string | null;
  readonly github: {
    readonly apiUrl: string;
    readonly appId: string | null;
    readonly privateKey: Secret | null;
    /** The current secret first; a second one during rotation. */
    readonly webhookSecrets: readonly Secret[];
    /** Register runners per repository (default) or per organisation (org-owned repos only). */
    readonly runnerScope: "repo" | "org";
    readonly runnerGroupId: number;
    /** Where people open GitHub in a browser (App creation, installation): GITHUB_WEB_URL, else derived from apiUrl. */
    readonly webUrl: string;
  };
  readonly hf: {
    readonly endpoint: string;
    readonly token: Secret | null;
    readonly namespace: string | null;
  };
  /** Lower-case `owner/name`; null means every repository the App is installed on. */
  readonly allowedRepositories: ReadonlySet<string> | null;
  /** Admission: allowlists, flavor rules, concurrency limits, timeouts, fork pull requests, budgets (offload.yaml `policy:`, `budgets:`). */
  readonly policy: AdmissionPolicy;
  /** Upper-case image key → image reference; always has CPU and GPU. */
  readonly runnerImages: ReadonlyMap<string, string>;
  /** Hard limit for one runner's compute (JOB_TIMEOUT). */
  readonly jobTimeoutSeconds: number;
  /** How long a launched runner may stay without a job while jobs wait before it is replaced (OFFLOAD_BOOT_TIMEOUT). */
  readonly bootTimeoutSeconds: number;
  /** The same per flavor (OFFLOAD_BOOT_TIMEOUT_<FLAVOR>, offload.yaml `bootTimeouts`). */
  readonly bootTimeouts: ReadonlyMap<string, number>;
  /** Idle runners kept ready per label (offload.yaml `warmPools`, src/config/warm-pools.ts). */
  readonly warmPools: readonly WarmPoolConfig[];
  /** Which provider serves `hf-jobs-*` labels: `hf-jobs` normally, `local` for the demo and tests, `docker` on own hosts, `kubernetes` in a cluster. */
  readonly provider: "hf-jobs" | "local" | "docker" | "kubernetes";
  /** The Kubernetes provider (namespace, cluster access, per-flavor resources and placement). */
  readonly kubernetes: KubernetesSettings;
  readonly local: {
    /** Command the local provider runs for each runner (JIT config arrives in ACTIONS_RUNNER_INPUT_JITCONFIG). */
    readonly runnerCommand: readonly string[];
    /** GPU ids the local provider hands out, one set per runner (offload.yaml `localGpus`). */
    readonly gpus?: readonly string[];
  };
  /** offload.yaml `rules`: labels or patterns → a backend and its parameters, first match wins. */
  readonly rules: readonly LabelRule[];
  /** offload.yaml `docker`: the Docker hosts; null when none is configured. */
  readonly docker: DockerSettings | null;
  /**
   * `OFFLOAD_ADMIN_TOKEN`: with it, the dashboard, job pages and `/api/*` need it (Bearer header or
   * the login form's cookie); without it they are served to loopback clients only.
   */
  readonly adminToken: Secret | null;
  /** `OFFLOAD_PUBLIC_STATUS=true`: the read-only `/status` page (counts and health, no names) needs no token. */
  readonly publicStatus: boolean;
  /** Leader election among replicas on one PostgreSQL ledger. */
  readonly leaderLease: LeaderLeaseSettings;
  /** Runner scale sets to listen on (offload.yaml `scaleSets:`): intake with no inbound connection. */
  readonly scaleSets: readonly ScaleSetConfig[];
  /** Settings still missing before the dispatcher can serve (empty when ready). */
  readonly missing: readonly string[];
}

/** One problem with one setting; loading reports all of them at once. */
export interface ConfigProblem {
  readonly setting: string;
  readonly message: string;
  readonly fix: string;
}
