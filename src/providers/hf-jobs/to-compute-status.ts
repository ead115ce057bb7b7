import type { ComputeState, ComputeStatus } from "../provider.js";
import { RUNNER_NAME_ENV, RUNNER_LABEL } from "./build-hf-labels.js";
import type { HfJob } from "./parse-hf-job.js";

/** HF stage → our state. UPDATING is a running job being changed; unknown stages are treated as still running. */
const STAGES: Readonly<Record<string, ComputeState>> = {
  SCHEDULING: "starting",
  RUNNING: "running",
  UPDATING: "running",
  COMPLETED: "succeeded",
  ERROR: "failed",
  CANCELED: "cancelled",
  DELETED: "gone",
};

/**
 * The stages of a job that has not ended, which `listOurs` asks HF for: only stages HF documents
 * (huggingface_hub 2.0.0 `JobStage`, copied from the server; reference §5). UPDATING is read when
 * HF reports it but never sent as a filter, since the server's list may refuse a stage it lacks.
 */
export const ACTIVE_HF_STAGES: readonly string[] = ["SCHEDULING", "RUNNING"];

export function mapHfStage(stage: string): ComputeState {
  return STAGES[stage] ?? "running";
}

export function toComputeStatus(job: HfJob): ComputeStatus {
  const state = mapHfStage(job.status.stage);
  const unknownStage = STAGES[job.status.stage] === undefined ? `unknown HF Jobs stage ${job.status.stage}` : null;
  return {
    id: job.id,
    // The environment holds the exact name; the label is a sanitised copy (dots become `_`).
    runnerName: stringOf(job.environment?.[RUNNER_NAME_ENV]) ?? stringOf(job.labels?.[RUNNER_LABEL]),
    state,
    message: job.status.message ?? unknownStage,
    startedAt: job.startedAt ?? null,
    finishedAt: job.finishedAt ?? null,
  };
}

function stringOf(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

export function goneStatus(id: string): ComputeStatus {
  return { id, runnerName: null, state: "gone", message: "HF Jobs no longer knows this job", startedAt: null, finishedAt: null };
}
