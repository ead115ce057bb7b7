/** A step as the jobs API reports it. */
export interface StepView {
  readonly number: number;
  readonly name: string;
  readonly status: string;
  readonly conclusion: string | null;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
}

/** A job (a matrix member) as the jobs API reports it. */
export interface JobView {
  readonly id: number;
  readonly name: string;
  readonly status: string;
  readonly conclusion: string | null;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly steps: readonly StepView[];
}

/** One poll's view of the run. */
export interface RunSnapshot {
  readonly status: string;
  readonly conclusion: string | null;
  readonly jobs: readonly JobView[];
}

/** What a watcher reports, in the order it happened as far as polling can tell. */
export type BatchEvent =
  | { readonly type: "run-status"; readonly status: string }
  | { readonly type: "job-status"; readonly job: string; readonly status: string; readonly conclusion: string | null }
  | { readonly type: "step-started"; readonly job: string; readonly step: StepView }
  | { readonly type: "step-finished"; readonly job: string; readonly step: StepView; readonly durationMs: number | null };

/**
 * The changes between two polls: the run's status, each job's status, each step that started
 * and each that finished (with its duration from GitHub's timestamps). A step seen for the
 * first time already finished yields both events, so a fast step is never missed.
 */
export function diffRunProgress(previous: RunSnapshot | null, next: RunSnapshot): BatchEvent[] {
  const events: BatchEvent[] = [];
  if (previous?.status !== next.status) events.push({ type: "run-status", status: next.status });
  for (const job of next.jobs) {
    const before = previous?.jobs.find((candidate) => candidate.id === job.id);
    const startedBefore = new Set(before?.steps.filter((step) => step.status !== "queued" && step.status !== "pending").map((step) => step.number));
    const finishedBefore = new Set(before?.steps.filter((step) => step.status === "completed").map((step) => step.number));
    const jobChanged = before === undefined || before.status !== job.status;
    if (jobChanged && job.status !== "completed") events.push({ type: "job-status", job: job.name, status: job.status, conclusion: job.conclusion });
    for (const step of [...job.steps].sort((a, b) => a.number - b.number)) {
      if (step.conclusion === "skipped") continue;
      const started = step.status !== "queued" && step.status !== "pending";
      if (started && !startedBefore.has(step.number)) events.push({ type: "step-started", job: job.name, step });
      if (step.status === "completed" && !finishedBefore.has(step.number)) events.push({ type: "step-finished", job: job.name, step, durationMs: spanMs(step.startedAt, step.completedAt) });
    }
    if (jobChanged && job.status === "completed") events.push({ type: "job-status", job: job.name, status: job.status, conclusion: job.conclusion });
  }
  return events;
}

export function spanMs(from: string | null, to: string | null): number | null {
  if (from === null || to === null) return null;
  const span = Date.parse(to) - Date.parse(from);
  return Number.isFinite(span) ? Math.max(0, span) : null;
}
