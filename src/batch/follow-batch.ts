import type { OffloadOctokitInstance } from "../github/offload-octokit.js";
import { BATCH_EXIT, decideBatchExitCode } from "./batch-exit-code.js";
import { spanMs, type BatchEvent, type RunSnapshot } from "./batch-progress.js";
import type { BatchRecord, BatchStore } from "./batch-store.js";
import type { BatchGitHub } from "./batch-github.js";
import { fetchRunArtifacts, fetchRunLogs, type FetchedArtifact, type StepLog } from "./fetch-batch-results.js";
import { readExitCodeMarker } from "./render-batch-workflow.js";
import { findBatchRun, watchBatchRun } from "./watch-batch-run.js";

/** One job's (member's) end. */
export interface MemberResult {
  readonly index: string | null;
  readonly job: string;
  readonly conclusion: string | null;
  readonly exitCode: number | null;
  /** GitHub's timestamps: the first step starts with the job, the last ends with it. */
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly logs: readonly StepLog[];
}

/** What `run`/`wait`/`fetch` report at the end (`--json` prints it, less the logs). */
export interface BatchResult {
  readonly id: string;
  readonly repository: string;
  readonly runId: number | null;
  readonly outcome: "completed" | "timed-out" | "interrupted" | "no-run";
  readonly conclusion: string | null;
  readonly exitCode: number;
  readonly members: readonly MemberResult[];
  readonly artifacts: readonly FetchedArtifact[];
  readonly times: { readonly queuedMs: number | null; readonly durationMs: number | null; readonly totalMs: number };
  readonly deleted: boolean;
}

export interface FollowBatchInput {
  readonly github: BatchGitHub;
  readonly store: BatchStore;
  readonly record: BatchRecord;
  /** Where artifacts go; null leaves them on GitHub (`wait`). */
  readonly out: string | null;
  readonly deadline: number;
  readonly pollMs: number;
  readonly now: () => number;
  readonly signal: AbortSignal;
  readonly onEvent: (event: BatchEvent | { type: "run-found"; runId: number }) => void;
  /** Delete the repository at the end (run, fetch) unless the record says keep. */
  readonly cleanUp: boolean;
  /** When the clock started for `total` (the submission, for `run`). */
  readonly startedAt: number;
}

/**
 * Follows a submitted batch to its end: finds the run, watches it, cancels it on timeout or
 * interruption, reads every job's logs (and the script's exit code from them), downloads the
 * artifacts when `out` is set, deletes the repository when asked, and records the outcome.
 */
export async function followBatch(input: FollowBatchInput): Promise<BatchResult> {
  const { octokit } = input.github;
  const { record } = input;
  const repo = { owner: record.owner, repo: record.repo };
  const runId = record.runId ?? (await findBatchRun({ octokit, ...repo, headSha: record.headSha, branch: record.branch, deadline: input.deadline, now: input.now, pollMs: input.pollMs, signal: input.signal }));
  if (runId !== null && record.runId === null) {
    await input.store.save({ ...record, runId });
    input.onEvent({ type: "run-found", runId });
  }
  const watched = runId === null ? null : await watchBatchRun({ octokit, ...repo, runId, deadline: input.deadline, now: input.now, pollMs: input.pollMs, signal: input.signal, onEvent: input.onEvent });
  const outcome = runId === null ? (input.signal.aborted ? "interrupted" : "no-run") : (watched?.kind ?? "no-run");
  if (runId !== null && outcome !== "completed") await cancelRun(octokit, repo, runId);

  const snapshot: RunSnapshot | null = watched?.snapshot ?? null;
  const logs = runId !== null && outcome === "completed" ? await fetchRunLogs(octokit, repo, runId) : new Map<string, StepLog[]>();
  const members = (snapshot?.jobs ?? []).map((job): MemberResult => {
    const steps = logs.get(job.name.replace(/[/\\:*?"<>|]/g, " ").trim()) ?? [];
    const script = steps.find((step) => step.name === "job.sh");
    return { index: /^member (.+)$/.exec(job.name)?.[1] ?? null, job: job.name, conclusion: job.conclusion, exitCode: script === undefined ? null : readExitCodeMarker(script.text), startedAt: job.startedAt, completedAt: job.completedAt, logs: steps };
  });
  const artifacts = runId !== null && outcome === "completed" && input.out !== null ? await fetchRunArtifacts(octokit, repo, runId, input.out) : [];
  const exitCode = outcome === "no-run"
    ? BATCH_EXIT.timeout
    : decideBatchExitCode({ jobs: members.map((member) => ({ conclusion: member.conclusion, scriptExitCode: member.exitCode })), timedOut: outcome === "timed-out", interrupted: outcome === "interrupted" });

  const deleted = input.cleanUp && !record.keep ? await deleteRepo(octokit, repo) : false;
  const result: BatchResult = {
    id: record.id,
    repository: `${record.owner}/${record.repo}`,
    runId,
    outcome,
    conclusion: snapshot?.conclusion ?? null,
    exitCode,
    members,
    artifacts,
    times: measure(snapshot, watched?.kind === "completed" ? watched.runStartedAt : null, Date.parse(record.submittedAt), input.startedAt, input.now()),
    deleted,
  };
  await input.store.save({ ...record, runId, conclusion: result.conclusion ?? outcome, exitCode, deleted: record.deleted || deleted });
  return result;
}

/** queued: submission → first job started; duration: first start → last completion; total: wall clock. */
function measure(snapshot: RunSnapshot | null, runStartedAt: string | null, submittedAt: number, startedAt: number, now: number): BatchResult["times"] {
  const starts = (snapshot?.jobs ?? []).flatMap((job) => (job.startedAt === null ? [] : [Date.parse(job.startedAt)]));
  const ends = (snapshot?.jobs ?? []).flatMap((job) => (job.completedAt === null ? [] : [Date.parse(job.completedAt)]));
  const firstStart = starts.length === 0 ? null : Math.min(...starts);
  const lastEnd = ends.length === 0 ? null : Math.max(...ends);
  const queuedMs = firstStart === null ? (runStartedAt === null ? null : Math.max(0, Date.parse(runStartedAt) - submittedAt)) : Math.max(0, firstStart - submittedAt);
  const durationMs = firstStart === null || lastEnd === null ? null : spanMs(new Date(firstStart).toISOString(), new Date(lastEnd).toISOString());
  return { queuedMs, durationMs, totalMs: Math.max(0, now - startedAt) };
}

async function cancelRun(octokit: OffloadOctokitInstance, repo: { owner: string; repo: string }, runId: number): Promise<void> {
  // 409 means it completed meanwhile: nothing left to cancel.
  await octokit.request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel", { ...repo, run_id: runId }).catch(() => undefined);
}

async function deleteRepo(octokit: OffloadOctokitInstance, repo: { owner: string; repo: string }): Promise<boolean> {
  try {
    await octokit.request("DELETE /repos/{owner}/{repo}", repo);
    return true;
  } catch {
    return false;
  }
}
