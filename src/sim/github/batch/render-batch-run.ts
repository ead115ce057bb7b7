import { nodeId } from "../render-account.js";
import { renderJob } from "../render-job.js";
import { renderRun } from "../render-run.js";
import type { SimRepo } from "../sim-state.js";
import { deriveBatchRunStatus, type BatchArtifact, type BatchJob, type BatchRun } from "./batch-sim-state.js";

/** GitHub's `workflow-run` for a batch run: the shared rendering with the run's own facts. */
export function renderBatchRun(run: BatchRun, repo: SimRepo, api: string): Record<string, unknown> {
  const simRun = { id: run.id, repoId: run.repoId, runNumber: run.runNumber, workflowName: run.workflowName, headSha: run.headSha, headBranch: run.headBranch, createdAt: run.createdAt, updatedAt: run.updatedAt, jobIds: [] };
  const base = renderRun(simRun, repo, [], api);
  const { status, conclusion } = deriveBatchRunStatus(run);
  return { ...base, path: run.path, status, conclusion, run_started_at: run.startedAt ?? run.createdAt };
}

/** GitHub's `job`, with the steps the simulated runner really ran. */
export function renderBatchJob(job: BatchJob, run: BatchRun, repo: SimRepo, api: string): Record<string, unknown> {
  const simJob = {
    id: job.id, runId: run.id, runAttempt: 1, repo: repo.fullName, name: job.name, workflowName: run.workflowName, labels: job.labels,
    status: job.status, conclusion: job.conclusion, runnerId: job.runnerName === null ? null : job.id % 100_000, runnerName: job.runnerName,
    runnerGroupId: job.runnerName === null ? null : 1, runnerGroupName: job.runnerName === null ? null : "Default",
    createdAt: job.createdAt, startedAt: job.startedAt ?? job.createdAt, completedAt: job.completedAt, durationMs: 0, plannedConclusion: "success" as const,
  };
  const simRun = { id: run.id, repoId: run.repoId, runNumber: run.runNumber, workflowName: run.workflowName, headSha: run.headSha, headBranch: run.headBranch, createdAt: run.createdAt, updatedAt: run.updatedAt, jobIds: [] };
  return {
    ...renderJob(simJob, simRun, api),
    steps: job.steps.map((step) => ({ name: step.name, status: step.status, conclusion: step.conclusion, number: step.number, started_at: step.startedAt, completed_at: step.completedAt })),
  };
}

/** GitHub's `artifact`; batch artifacts expire after a day, like `retention-days: 1`. */
export function renderBatchArtifact(artifact: BatchArtifact, run: BatchRun, repo: SimRepo, api: string): Record<string, unknown> {
  const url = `${api}/repos/${repo.fullName}/actions/artifacts/${artifact.id}`;
  const expires = new Date(Date.parse(artifact.createdAt) + 86_400_000).toISOString();
  return {
    id: artifact.id,
    node_id: nodeId("MDg6QXJ0aWZhY3Q", artifact.id),
    name: artifact.name,
    size_in_bytes: artifact.zip.length,
    url,
    archive_download_url: `${url}/zip`,
    expired: false,
    created_at: artifact.createdAt,
    expires_at: expires,
    updated_at: artifact.createdAt,
    workflow_run: { id: run.id, repository_id: repo.id, head_repository_id: repo.id, head_branch: run.headBranch, head_sha: run.headSha },
  };
}
