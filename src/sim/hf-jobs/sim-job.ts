/** What the simulator answers in place of each secret's value. */
export const SECRET_VALUE_MARKER = "[encrypted]";

/** HF's job stages (reference/hf-jobs-api.md §5). */
export type SimStage = "SCHEDULING" | "RUNNING" | "COMPLETED" | "ERROR" | "CANCELED" | "DELETED";

export const SIM_STAGES: ReadonlySet<string> = new Set<SimStage>(["SCHEDULING", "RUNNING", "COMPLETED", "ERROR", "CANCELED", "DELETED"]);

export const TERMINAL_SIM_STAGES: ReadonlySet<SimStage> = new Set(["COMPLETED", "ERROR", "CANCELED", "DELETED"]);

/** A job as tests see it: what HF echoes, plus secret names (never values). */
export interface SimHfJob {
  readonly id: string;
  readonly stage: SimStage;
  readonly flavor: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The environment as created (without HF's injected variables). */
  readonly env: Readonly<Record<string, string>>;
  readonly secretNames: readonly string[];
  /** `dockerImage`, or `spaceId` for jobs started from a Space. */
  readonly image: string;
  readonly command: readonly string[];
  readonly timeoutSeconds: number;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly message: string | null;
}

/** Optional create fields the simulator keeps and echoes (reference/hf-jobs-api.md §3, §4). */
export interface SimJobExtras {
  readonly volumes: readonly Record<string, unknown>[] | null;
  readonly exposePorts: readonly number[] | null;
  readonly ssh: boolean;
  readonly resourceGroupId: string | null;
  readonly arch: "amd64" | "arm64";
  readonly attempts: number;
  readonly network: { readonly group: string; readonly aliases: readonly string[] } | null;
}

/** The simulator's own record of a job; mutated only by run-sim-job.ts and the cancel route. */
export interface SimJobRecord {
  readonly id: string;
  readonly namespace: string;
  readonly dockerImage: string | null;
  readonly spaceId: string | null;
  readonly command: string[];
  readonly arguments: string[];
  readonly environment: Record<string, string>;
  readonly secrets: Record<string, string>;
  readonly flavor: string;
  /** Replaced whole by `PUT …/labels` (reference/hf-jobs-api.md §2). */
  labels: Record<string, string>;
  readonly timeoutSeconds: number;
  /** The create body's optional parts, echoed back as HF does (reference §3, §4). */
  readonly extras: SimJobExtras;
  readonly createdAt: string;
  readonly createdAtMs: number;
  stage: SimStage;
  message: string | null;
  startedAt: string | null;
  startedAtMs: number | null;
  finishedAt: string | null;
  finishedAtMs: number | null;
  updatedAt: string;
  readonly logs: { data: string; timestamp: string }[];
  /** Aborted on cancel, timeout and simulator close: the executor's signal. */
  readonly controller: AbortController;
  /** Called on every new log line and stage change (log streams wait on these). */
  readonly listeners: Set<() => void>;
}

export function notifySimJob(job: SimJobRecord): void {
  for (const listener of [...job.listeners]) listener();
}

export function toSimHfJob(job: SimJobRecord): SimHfJob {
  return {
    id: job.id,
    stage: job.stage,
    flavor: job.flavor,
    labels: { ...job.labels },
    env: { ...job.environment },
    secretNames: Object.keys(job.secrets),
    image: job.dockerImage ?? job.spaceId ?? "",
    command: [...job.command],
    timeoutSeconds: job.timeoutSeconds,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    message: job.message,
  };
}

/**
 * The JSON HF answers for a job (reference §4). `secrets` is an object keyed by the secrets'
 * names, the shape of the reference's example and of huggingface_hub's `JobInfo.secrets`
 * (`dict`, "encrypted"); values are never returned (§3, §13), so each is a fixed marker (not null:
 * huggingface_hub 2.0.0's `hf jobs inspect` drops null entries and would show no secrets at all).
 */
export function toJobInfo(job: SimJobRecord, nowMs: number): Record<string, unknown> {
  const end = job.finishedAtMs ?? nowMs;
  const running = job.startedAtMs === null ? 0 : Math.round((end - job.startedAtMs) / 1000);
  const scheduling = Math.round(((job.startedAtMs ?? end) - job.createdAtMs) / 1000);
  return {
    id: job.id,
    type: "job",
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    dockerImage: job.dockerImage,
    spaceId: job.spaceId,
    command: job.command,
    arguments: job.arguments,
    environment: job.environment,
    secrets: Object.fromEntries(Object.keys(job.secrets).map((name) => [name, SECRET_VALUE_MARKER])),
    flavor: job.flavor,
    arch: job.extras.arch,
    timeoutSeconds: job.timeoutSeconds,
    attempts: job.extras.attempts,
    labels: job.labels,
    volumes: job.extras.volumes,
    status: {
      stage: job.stage,
      message: job.message,
      // Present only when requested (reference §4).
      ...(job.extras.exposePorts === null ? {} : { exposeUrls: job.extras.exposePorts.map((port) => `https://${job.id}--${port}.hf.jobs`) }),
      ...(job.extras.ssh ? { sshUrl: `ssh://${job.id}@ssh.hf.jobs` } : {}),
    },
    ...(job.extras.network === null ? {} : { network: job.extras.network }),
    ...(job.extras.resourceGroupId === null ? {} : { resourceGroupId: job.extras.resourceGroupId }),
    durations: { schedulingSecs: scheduling, runningSecs: running, totalSecs: scheduling + running },
    owner: { id: `sim-${job.namespace}`, name: job.namespace, type: "user" },
    initiator: { type: "user", id: `sim-${job.namespace}`, name: job.namespace },
  };
}
