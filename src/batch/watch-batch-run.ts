import type { OffloadOctokitInstance } from "../github/offload-octokit.js";
import { toGitHubError } from "../github/to-github-error.js";
import { diffRunProgress, type BatchEvent, type JobView, type RunSnapshot } from "./batch-progress.js";

/** How a watch ended. */
export type WatchOutcome =
  | { readonly kind: "completed"; readonly snapshot: RunSnapshot; readonly runStartedAt: string | null }
  | { readonly kind: "timed-out"; readonly snapshot: RunSnapshot | null }
  | { readonly kind: "interrupted"; readonly snapshot: RunSnapshot | null };

export interface WatchInput {
  readonly octokit: OffloadOctokitInstance;
  readonly owner: string;
  readonly repo: string;
  readonly runId: number;
  readonly deadline: number;
  readonly now: () => number;
  readonly pollMs: number;
  readonly signal: AbortSignal;
  readonly onEvent: (event: BatchEvent) => void;
}

/**
 * Polls the run and its jobs until the run completes, the deadline passes or `signal` aborts,
 * reporting each change. The REST API has no live log stream (the web page's live logs use a
 * separate socket), so progress is step by step and logs come from the archive at the end.
 */
export async function watchBatchRun(input: WatchInput): Promise<WatchOutcome> {
  let previous: RunSnapshot | null = null;
  for (;;) {
    if (input.signal.aborted) return { kind: "interrupted", snapshot: previous };
    const { snapshot, runStartedAt } = await readSnapshot(input);
    diffRunProgress(previous, snapshot).forEach(input.onEvent);
    previous = snapshot;
    if (snapshot.status === "completed" && snapshot.jobs.every((job) => job.status === "completed")) return { kind: "completed", snapshot, runStartedAt };
    if (input.now() >= input.deadline) return { kind: "timed-out", snapshot };
    await pause(Math.min(input.pollMs, Math.max(0, input.deadline - input.now())), input.signal);
  }
}

/** Waits for the run the push started (matched by its commit) and returns its id, or null at the deadline. */
export async function findBatchRun(input: Omit<WatchInput, "runId" | "onEvent"> & { headSha: string; branch: string }): Promise<number | null> {
  for (;;) {
    if (input.signal.aborted) return null;
    const found = await input.octokit
      .request("GET /repos/{owner}/{repo}/actions/runs", { owner: input.owner, repo: input.repo, head_sha: input.headSha, branch: input.branch, per_page: 10 })
      .catch((error: unknown) => {
        throw toGitHubError(error, { method: "GET", path: `/repos/${input.owner}/${input.repo}/actions/runs` });
      });
    const run = found.data.workflow_runs[0];
    if (run !== undefined) return Number(run.id);
    if (input.now() >= input.deadline) return null;
    await pause(Math.min(input.pollMs, Math.max(0, input.deadline - input.now())), input.signal);
  }
}

async function readSnapshot(input: WatchInput): Promise<{ snapshot: RunSnapshot; runStartedAt: string | null }> {
  const base = { owner: input.owner, repo: input.repo, run_id: input.runId };
  const path = `/repos/${input.owner}/${input.repo}/actions/runs/${input.runId}`;
  try {
    const run = await input.octokit.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}", base);
    const jobs = await input.octokit.paginate("GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs", { ...base, per_page: 100 });
    const views: JobView[] = jobs.map((job) => ({
      id: Number(job.id),
      name: job.name,
      status: job.status,
      conclusion: job.conclusion,
      startedAt: job.started_at,
      completedAt: job.completed_at ?? null,
      steps: (job.steps ?? []).map((step) => ({ number: step.number, name: step.name, status: step.status, conclusion: step.conclusion, startedAt: step.started_at ?? null, completedAt: step.completed_at ?? null })),
    }));
    return { snapshot: { status: run.data.status ?? "queued", conclusion: run.data.conclusion, jobs: views }, runStartedAt: run.data.run_started_at ?? null };
  } catch (error) {
    throw toGitHubError(error, { method: "GET", path });
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
