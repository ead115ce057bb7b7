/** How `offload batch run|wait` ends; docs/batch.md has the same table. */
export const BATCH_EXIT = {
  success: 0,
  /** The job failed and its logs carry no exit code (a step before the script failed). */
  failed: 1,
  /** A flag or argument is wrong (EX_USAGE). */
  usage: 64,
  /** offload could not do its part: GitHub refused a call, no credentials, an unsafe archive (EX_SOFTWARE). */
  error: 70,
  /** `--timeout` passed before the run completed (the run was cancelled), or GitHub timed the job out. */
  timeout: 124,
  /** The run was cancelled by someone else (GitHub's page, another shell). */
  cancelled: 125,
  /** Ctrl-C: offload cancelled the run itself. */
  interrupted: 130,
} as const;

/** One job's outcome as offload sees it at the end. */
export interface JobOutcome {
  readonly conclusion: string | null;
  /** From the marker line in the script step's log, when present. */
  readonly scriptExitCode: number | null;
}

/**
 * The exit status for a run: timeout and interruption first (offload ended the run), then a
 * cancelled job, then the first failed job's own exit code (or 1 without one), else 0.
 */
export function decideBatchExitCode(input: { jobs: readonly JobOutcome[]; timedOut: boolean; interrupted: boolean }): number {
  if (input.interrupted) return BATCH_EXIT.interrupted;
  if (input.timedOut || input.jobs.some((job) => job.conclusion === "timed_out")) return BATCH_EXIT.timeout;
  if (input.jobs.some((job) => job.conclusion === "cancelled")) return BATCH_EXIT.cancelled;
  const failed = input.jobs.find((job) => job.conclusion !== "success" && job.conclusion !== "skipped");
  if (failed === undefined) return BATCH_EXIT.success;
  const code = failed.scriptExitCode;
  return code !== null && code > 0 && code < 256 ? code : BATCH_EXIT.failed;
}
