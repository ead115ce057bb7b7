/** HF's job stages (reference/hf-jobs-api.md §5). */
export type SimStage = "SCHEDULING" | "RUNNING" | "COMPLETED" | "ERROR" | "CANCELED" | "DELETED";

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
  readonly labels: Record<string, string>;
  readonly timeoutSeconds: number;
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

/** The JSON HF answers for a job (reference §4); `secrets` lists names only, as HF's JS types say. */
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
    secrets: Object.keys(job.secrets),
    flavor: job.flavor,
    arch: "amd64",
    timeoutSeconds: job.timeoutSeconds,
    attempts: 1,
    labels: job.labels,
    volumes: null,
    status: { stage: job.stage, message: job.message },
    durations: { schedulingSecs: scheduling, runningSecs: running, totalSecs: scheduling + running },
    owner: { id: `sim-${job.namespace}`, name: job.namespace, type: "user" },
    initiator: { type: "user", id: `sim-${job.namespace}`, name: job.namespace },
  };
}
