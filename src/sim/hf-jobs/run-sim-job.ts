import type { Clock } from "../../clock/clock.js";
import { hardwareEnv, SIM_HARDWARE } from "./sim-hardware.js";
import { notifySimJob, TERMINAL_SIM_STAGES, type SimJobRecord, type SimStage } from "./sim-job.js";

/** What a job's container gets to run with, as the lead's simulated runner sees it. */
export interface ExecutorJob {
  readonly id: string;
  readonly image: string;
  readonly command: string[];
  /** The job's environment plus HF's injected JOB_ID, ACCELERATOR, CPU_CORES, MEMORY. */
  readonly env: Record<string, string>;
  /** Decrypted secrets, as HF injects them into the container's environment. */
  readonly secrets: Record<string, string>;
  readonly flavor: string;
}

/** "The container": logs through `io.log`, returns its exit code, stops when `io.signal` aborts. */
export type Executor = (job: ExecutorJob, io: { log(line: string): void; signal: AbortSignal }) => Promise<number>;

export const defaultExecutor: Executor = async (job, io) => {
  io.log(`hello from ${job.flavor}`);
  return 0;
};

/** SCHEDULING → RUNNING → COMPLETED | ERROR (non-zero exit, executor error, timeout); cancel is the route's job. */
export async function runSimJob(job: SimJobRecord, deps: { clock: Clock; executor: Executor; schedulingDelayMs: number }): Promise<void> {
  const { clock } = deps;
  try {
    await clock.sleep(deps.schedulingDelayMs, job.controller.signal);
  } catch {
    return;
  }
  if (TERMINAL_SIM_STAGES.has(job.stage)) return;
  job.startedAt = clock.iso();
  job.startedAtMs = clock.now();
  setStage(job, "RUNNING", null, clock);
  appendSimLog(job, `===== Job started at ${job.startedAt} =====`, clock);

  // HF stops the container at the timeout whether or not it cooperates, so the stage changes now.
  const timer = new AbortController();
  void clock.sleep(job.timeoutSeconds * 1000, AbortSignal.any([timer.signal, job.controller.signal])).then(
    () => {
      if (!TERMINAL_SIM_STAGES.has(job.stage)) finishSimJob(job, "ERROR", `Job timed out after ${job.timeoutSeconds} seconds`, clock);
      job.controller.abort(new Error("timeout"));
    },
    () => undefined,
  );
  const hardware = SIM_HARDWARE.get(job.flavor);
  const executorJob: ExecutorJob = {
    id: job.id,
    image: job.dockerImage ?? job.spaceId ?? "",
    command: [...job.command, ...job.arguments],
    env: { ...job.environment, ...(hardware ? hardwareEnv(hardware, job.id) : {}) },
    secrets: { ...job.secrets },
    flavor: job.flavor,
  };
  let outcome: { stage: SimStage; message: string | null };
  try {
    const code = await deps.executor(executorJob, { log: (line) => appendSimLog(job, line, clock), signal: job.controller.signal });
    outcome = code === 0 ? { stage: "COMPLETED", message: null } : { stage: "ERROR", message: `Job exited with code ${code}` };
  } catch (error) {
    outcome = { stage: "ERROR", message: error instanceof Error ? error.message : String(error) };
  } finally {
    timer.abort();
  }
  if (TERMINAL_SIM_STAGES.has(job.stage)) return;
  finishSimJob(job, outcome.stage, outcome.message, clock);
}

export function finishSimJob(job: SimJobRecord, stage: SimStage, message: string | null, clock: Clock): void {
  job.finishedAt = clock.iso();
  job.finishedAtMs = clock.now();
  setStage(job, stage, message, clock);
}

function setStage(job: SimJobRecord, stage: SimStage, message: string | null, clock: Clock): void {
  job.stage = stage;
  job.message = message;
  job.updatedAt = clock.iso();
  notifySimJob(job);
}

function appendSimLog(job: SimJobRecord, line: string, clock: Clock): void {
  if (TERMINAL_SIM_STAGES.has(job.stage)) return;
  job.logs.push({ data: line, timestamp: clock.iso() });
  notifySimJob(job);
}
