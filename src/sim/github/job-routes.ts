import { authenticateInstallation, authorizeRepo } from "./authenticate-request.js";
import { paginate } from "./paginate.js";
import { renderJob } from "./render-job.js";
import { deriveRunStatus, renderRun } from "./render-run.js";
import type { ActionsService } from "./actions-service.js";
import { answerError, answerNotFound, readIdParam, type RouteTable, type SimAnswer, type SimRequest } from "./route-table.js";
import type { SimContext } from "./sim-context.js";
import type { SimJob, SimRepo, SimRun } from "./sim-state.js";

/**
 * Workflow runs and jobs, read with `actions: read` (github-protocol.md §6.1–6.2), and run
 * cancellation, which needs `actions: write` (§6.3). Cancelling completes the run's queued jobs
 * as cancelled; a job already on a runner finishes on its own, as the simulated runner has no
 * cancel channel.
 */
export function addJobRoutes(routes: RouteTable, context: SimContext, actions: Pick<ActionsService, "cancelJob">): void {
  const { state } = context;
  const jobsOf = (run: SimRun): SimJob[] => run.jobIds.flatMap((id) => state.jobs.get(id) ?? []);

  routes.add("GET", "/repos/{owner}/{repo}/actions/jobs/{job_id}", (request) =>
    inRepo(context, request, (repo) => {
      const job = state.jobs.get(readIdParam(request, "job_id") ?? 0);
      const run = job === undefined ? undefined : state.runs.get(job.runId);
      if (job === undefined || run === undefined || run.repoId !== repo.id) return answerNotFound();
      return { status: 200, body: renderJob(job, run, context.url) };
    }),
  );
  routes.add("GET", "/repos/{owner}/{repo}/actions/runs", (request) =>
    inRepo(context, request, (repo) => {
      const wanted = request.query.get("status");
      const runs = [...state.runs.values()]
        .filter((run) => run.repoId === repo.id)
        .filter((run) => {
          if (wanted === null) return true;
          const { status, conclusion } = deriveRunStatus(jobsOf(run));
          return status === wanted || conclusion === wanted;
        })
        .reverse();
      const { page, headers } = paginate(runs, request, context.url);
      const body = { total_count: runs.length, workflow_runs: page.map((run) => renderRun(run, repo, jobsOf(run), context.url)) };
      return { status: 200, body, headers };
    }),
  );
  routes.add("POST", "/repos/{owner}/{repo}/actions/runs/{run_id}/cancel", (request) =>
    inRepo(context, request, (repo) => {
      const run = state.runs.get(readIdParam(request, "run_id") ?? 0);
      if (run === undefined || run.repoId !== repo.id) return answerNotFound();
      const jobs = jobsOf(run);
      if (jobs.every((job) => job.status === "completed")) return answerError(409, "Cannot cancel a workflow run that is completed.");
      for (const job of jobs) if (job.status === "queued") actions.cancelJob(job.id);
      return { status: 202, body: {} };
    }, "write"),
  );
  routes.add("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/jobs", (request) =>
    inRepo(context, request, (repo) => {
      const run = state.runs.get(readIdParam(request, "run_id") ?? 0);
      if (run === undefined || run.repoId !== repo.id) return answerNotFound();
      const jobs = jobsOf(run);
      const { page, headers } = paginate(jobs, request, context.url);
      return { status: 200, body: { total_count: jobs.length, jobs: page.map((job) => renderJob(job, run, context.url)) }, headers };
    }),
  );
}

function inRepo(context: SimContext, request: SimRequest, handle: (repo: SimRepo) => SimAnswer, level: "read" | "write" = "read"): SimAnswer {
  const auth = authenticateInstallation(context, request);
  if (!auth.ok) return auth.answer;
  const { owner = "", repo = "" } = request.params;
  const allowed = authorizeRepo(context, auth.token, owner, repo, { name: "actions", level });
  return allowed.ok ? handle(allowed.repo) : allowed.answer;
}
