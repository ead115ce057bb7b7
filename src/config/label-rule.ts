/** A label rule, checked and normalised: which jobs it takes and what their runners get. */
export interface LabelRule {
  readonly name: string;
  /** Lower-case labels or patterns (`*` wildcards). */
  readonly labels: readonly string[];
  /** Provider registry name. */
  readonly backend: string;
  readonly image: string | null;
  readonly flavor: string | null;
  readonly cpus: number | null;
  readonly memoryMb: number | null;
  readonly gpus: number;
  readonly hosts: readonly string[] | null;
  readonly timeoutSeconds: number | null;
  /** A group name to resolve, an id, or null for the dispatcher's default group. */
  readonly runnerGroup: string | number | null;
  readonly scope: "repo" | "org" | null;
  readonly fallbacks: readonly string[];
}

/** A Docker host as configured (TLS files already read by the loader are not kept here: paths only). */
export interface DockerHostSetting {
  readonly name: string;
  readonly url: string;
  readonly gpus: readonly string[] | null;
  readonly maxRunners: number | null;
  readonly tls: { readonly ca: string; readonly cert: string; readonly key: string } | null;
}

export interface DockerSettings {
  readonly hosts: readonly DockerHostSetting[];
  readonly network: string;
  readonly deviceRequests: boolean;
}
