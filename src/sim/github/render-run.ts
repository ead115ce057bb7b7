import { nodeId } from "./render-account.js";
import { renderRepository } from "./render-repository.js";
import type { SimJob, SimRepo, SimRun } from "./sim-state.js";

/** A run is queued until a job starts, in progress while any job is unfinished, then completed. */
export function deriveRunStatus(jobs: readonly SimJob[]): {
  status: "queued" | "in_progress" | "completed";
  conclusion: "success" | "failure" | "cancelled" | null;
} {
  if (jobs.every((job) => job.status === "queued")) return { status: "queued", conclusion: null };
  if (jobs.some((job) => job.status !== "completed")) return { status: "in_progress", conclusion: null };
  const conclusions = jobs.map((job) => job.conclusion);
  if (conclusions.includes("failure")) return { status: "completed", conclusion: "failure" };
  if (conclusions.includes("cancelled")) return { status: "completed", conclusion: "cancelled" };
  return { status: "completed", conclusion: "success" };
}

/** GitHub's `workflow-run` object. */
export function renderRun(run: SimRun, repo: SimRepo, jobs: readonly SimJob[], api: string): Record<string, unknown> {
  const runApi = `${api}/repos/${repo.fullName}/actions/runs/${run.id}`;
  const workflowId = 100_000 + (hash(run.workflowName) % 900_000);
  const repository = renderRepository(repo, api);
  const { status, conclusion } = deriveRunStatus(jobs);
  const author = { name: "Mona Lisa", email: "mona@example.com" };
  return {
    id: run.id,
    name: run.workflowName,
    node_id: nodeId("WFR", run.id),
    check_suite_id: run.id + 1,
    check_suite_node_id: nodeId("CS", run.id + 1),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: ".github/workflows/ci.yml",
    display_title: run.workflowName,
    run_number: run.runNumber,
    run_attempt: 1,
    event: run.event ?? "push",
    status,
    conclusion,
    workflow_id: workflowId,
    url: runApi,
    html_url: `https://github.com/${repo.fullName}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    run_started_at: run.createdAt,
    jobs_url: `${runApi}/jobs`,
    logs_url: `${runApi}/logs`,
    check_suite_url: `${api}/repos/${repo.fullName}/check-suites/${run.id + 1}`,
    artifacts_url: `${runApi}/artifacts`,
    cancel_url: `${runApi}/cancel`,
    rerun_url: `${runApi}/rerun`,
    workflow_url: `${api}/repos/${repo.fullName}/actions/workflows/${workflowId}`,
    head_commit: {
      id: run.headSha,
      tree_id: run.headSha.split("").reverse().join(""),
      message: "Simulated commit",
      timestamp: run.createdAt,
      author,
      committer: author,
    },
    repository,
    head_repository: run.headRepoFullName === undefined ? repository : renderForkRepository(repository, run.headRepoFullName),
  };
}

/** A fork as a run's `head_repository`: the base repository's shape under the fork's owner and name. */
function renderForkRepository(base: Record<string, unknown>, fullName: string): Record<string, unknown> {
  const [owner = "", name = ""] = fullName.split("/");
  const baseOwner = (base["owner"] ?? {}) as Record<string, unknown>;
  return { ...base, id: 1 + (hash(fullName) % 1_000_000_000), name, full_name: fullName, fork: true, private: false, owner: { ...baseOwner, login: owner, id: 1 + (hash(owner) % 1_000_000_000) }, html_url: `https://github.com/${fullName}` };
}

function hash(text: string): number {
  let value = 0;
  for (const char of text) value = (value * 31 + char.charCodeAt(0)) >>> 0;
  return value;
}
