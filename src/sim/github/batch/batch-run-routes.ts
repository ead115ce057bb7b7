import { randomBytes } from "node:crypto";
import type { Permission } from "../authenticate-request.js";
import { paginate } from "../paginate.js";
import { answerError, answerNotFound, readIdParam, type RouteTable, type SimAnswer } from "../route-table.js";
import type { SimContext } from "../sim-context.js";
import { overlayRoute, withBatchRepo } from "./batch-access.js";
import type { BatchActions } from "./batch-actions.js";
import { deriveBatchRunStatus, type BatchRun, type BatchSimState } from "./batch-sim-state.js";
import { buildRunLogsZip } from "./build-run-logs-zip.js";
import { renderBatchArtifact, renderBatchJob, renderBatchRun } from "./render-batch-run.js";

const ACTIONS_READ: Permission = { name: "actions", level: "read" };
const ACTIONS_WRITE: Permission = { name: "actions", level: "write" };

/**
 * Runs, jobs, cancel, run logs and artifacts for batch repositories. The routes the dispatcher's
 * simulation already serves are overlaid (other repositories still reach them). Downloads
 * answer 302 to a one-minute URL under `/_sim/batch/downloads/`, as GitHub redirects to blob
 * storage; that URL answers the zip without authentication, like a signed URL.
 */
export function addBatchRunRoutes(routes: RouteTable, protocol: RouteTable, context: SimContext, batch: BatchSimState, actions: BatchActions): void {
  const inRun = (request: Parameters<typeof withBatchRepo>[2], permission: Permission, handle: (run: BatchRun, access: Parameters<Parameters<typeof withBatchRepo>[4]>[0]) => SimAnswer): SimAnswer | Promise<SimAnswer> =>
    withBatchRepo(context, batch, request, permission, (access) => {
      const run = batch.runs.get(readIdParam(request, "run_id") ?? 0);
      return run === undefined || run.repoId !== access.repo.id ? answerNotFound() : handle(run, access);
    });
  const redirect = (target: { kind: "logs"; runId: number } | { kind: "artifact"; artifactId: number }): SimAnswer => {
    const key = randomBytes(16).toString("hex");
    batch.downloads.set(key, { ...target, expiresAt: context.clock.now() + 60_000 });
    return { status: 302, headers: { location: `${context.url}/_sim/batch/downloads/${key}` } };
  };

  overlayRoute(routes, context, batch, "GET", "/repos/{owner}/{repo}/actions/runs", (request) =>
    withBatchRepo(context, batch, request, ACTIONS_READ, ({ repo }) => {
      const status = request.query.get("status");
      const branch = request.query.get("branch");
      const headSha = request.query.get("head_sha");
      const runs = [...batch.runs.values()]
        .filter((run) => run.repoId === repo.id)
        .filter((run) => branch === null || run.headBranch === branch)
        .filter((run) => headSha === null || run.headSha === headSha)
        .filter((run) => {
          const derived = deriveBatchRunStatus(run);
          return status === null || derived.status === status || derived.conclusion === status;
        })
        .reverse();
      const { page, headers } = paginate(runs, request, context.url);
      return { status: 200, body: { total_count: runs.length, workflow_runs: page.map((run) => renderBatchRun(run, repo, context.url)) }, headers };
    }),
  );
  // Overlaid, not replaced: the dispatcher reads its own runs here too (where a run came from).
  overlayRoute(routes, context, batch, "GET", "/repos/{owner}/{repo}/actions/runs/{run_id}", (request) =>
    inRun(request, ACTIONS_READ, (run, { repo }) => ({ status: 200, body: renderBatchRun(run, repo, context.url) })),
  );
  overlayRoute(routes, context, batch, "GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/jobs", (request) =>
    inRun(request, ACTIONS_READ, (run, { repo }) => {
      const { page, headers } = paginate(run.jobs, request, context.url);
      return { status: 200, body: { total_count: run.jobs.length, jobs: page.map((job) => renderBatchJob(job, run, repo, context.url)) }, headers };
    }),
  );
  overlayRoute(routes, context, batch, "GET", "/repos/{owner}/{repo}/actions/jobs/{job_id}", (request) =>
    withBatchRepo(context, batch, request, ACTIONS_READ, ({ repo }) => {
      const jobId = readIdParam(request, "job_id");
      for (const run of batch.runs.values()) {
        const job = run.repoId === repo.id ? run.jobs.find((candidate) => candidate.id === jobId) : undefined;
        if (job !== undefined) return { status: 200, body: renderBatchJob(job, run, repo, context.url) };
      }
      return answerNotFound();
    }),
  );
  overlayRoute(routes, context, batch, "POST", "/repos/{owner}/{repo}/actions/runs/{run_id}/cancel", (request) =>
    inRun(request, ACTIONS_WRITE, (run) => {
      if (deriveBatchRunStatus(run).status === "completed") return answerError(409, "Cannot cancel a workflow run that is completed.");
      actions.cancelRun(run.id);
      return { status: 202, body: {} };
    }),
  );
  routes.add("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/logs", (request) =>
    inRun(request, ACTIONS_READ, (run) => redirect({ kind: "logs", runId: run.id })),
  );
  routes.add("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts", (request) =>
    inRun(request, ACTIONS_READ, (run, { repo }) => {
      const name = request.query.get("name");
      const artifacts = run.artifacts.filter((artifact) => name === null || artifact.name === name);
      const { page, headers } = paginate(artifacts, request, context.url);
      return { status: 200, body: { total_count: artifacts.length, artifacts: page.map((artifact) => renderBatchArtifact(artifact, run, repo, context.url)) }, headers };
    }),
  );
  routes.add("GET", "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}", (request) =>
    withBatchRepo(context, batch, request, ACTIONS_READ, ({ repo }) => {
      const artifactId = readIdParam(request, "artifact_id");
      const found = [...batch.runs.values()].some((run) => run.repoId === repo.id && run.artifacts.some((artifact) => artifact.id === artifactId));
      if (!found || artifactId === undefined || request.params["archive_format"] !== "zip") return answerNotFound();
      return redirect({ kind: "artifact", artifactId });
    }),
  );
  protocol.add("GET", "/_sim/batch/downloads/{key}", (request) => {
    const target = batch.downloads.get(request.params["key"] ?? "");
    if (target === undefined || target.expiresAt < context.clock.now()) return answerNotFound();
    if (target.kind === "logs") {
      const run = batch.runs.get(target.runId);
      return run === undefined ? answerNotFound() : zipAnswer(buildRunLogsZip(run));
    }
    for (const run of batch.runs.values()) {
      const artifact = run.artifacts.find((candidate) => candidate.id === target.artifactId);
      if (artifact !== undefined) return zipAnswer(artifact.zip);
    }
    return answerNotFound();
  });
}

function zipAnswer(zip: Uint8Array): SimAnswer {
  return { status: 200, body: zip, headers: { "content-type": "application/zip" } };
}
