import { authenticateInstallation, authorizeRepo } from "./authenticate-request.js";
import { nodeId } from "./render-account.js";
import { renderRun } from "./render-run.js";
import { answerError, answerNotFound, readIdParam, type RouteTable, type SimAnswer, type SimRequest } from "./route-table.js";
import type { SimContext } from "./sim-context.js";
import type { SimCheckRun, SimRepo } from "./sim-state.js";

interface CheckRunBody {
  name?: string;
  head_sha?: string;
  external_id?: string;
  status?: string;
  conclusion?: string;
  details_url?: string;
  output?: { title?: string; summary?: string };
  actions?: { label: string; description: string; identifier: string }[];
}

/** GitHub's `check-run` object, the fields a client reads. */
function renderCheckRun(check: SimCheckRun, repo: SimRepo, api: string): Record<string, unknown> {
  return {
    id: check.id,
    node_id: nodeId("CR", check.id),
    head_sha: check.headSha,
    external_id: check.externalId,
    url: `${api}/repos/${repo.fullName}/check-runs/${check.id}`,
    html_url: `https://github.com/${repo.fullName}/runs/${check.id}`,
    details_url: check.detailsUrl,
    status: check.status,
    conclusion: check.conclusion,
    started_at: null,
    completed_at: null,
    output: { title: check.title, summary: check.summary, text: null, annotations_count: 0, annotations_url: `${api}/repos/${repo.fullName}/check-runs/${check.id}/annotations` },
    name: check.name,
    check_suite: null,
    app: null,
    pull_requests: [],
  };
}

/**
 * Applies a create or update body the way GitHub does: a `conclusion` completes the check run,
 * `status: completed` needs a conclusion (422), an `action_required` conclusion needs a
 * `details_url` (422), and at most three actions (REST docs, "Create a check run").
 */
function apply(check: SimCheckRun, body: CheckRunBody): string | null {
  const status = body.conclusion !== undefined ? "completed" : (body.status ?? check.status);
  const conclusion = body.conclusion ?? (status === "completed" ? check.conclusion : null);
  if (status === "completed" && conclusion === null) return "Conclusion is required when status is completed";
  if (conclusion === "action_required" && (body.details_url ?? check.detailsUrl) === null) return "Details URL is required when conclusion is action_required";
  if ((body.actions?.length ?? 0) > 3) return "Actions exceeds the maximum of 3";
  check.status = status;
  check.conclusion = conclusion;
  if (body.output !== undefined) {
    check.title = body.output.title ?? check.title;
    check.summary = body.output.summary ?? check.summary;
  }
  if (body.actions !== undefined) check.actions = body.actions;
  if (body.details_url !== undefined) check.detailsUrl = body.details_url;
  check.history.push({ status, conclusion, title: check.title });
  return null;
}

/**
 * Check runs (`checks: write`) and reading one workflow run (`actions: read`): what offload
 * needs to explain a job it does not launch at once on the job's commit, and to learn where a run
 * came from. A check run can only be posted on a commit the repository has (422 otherwise).
 */
export function addCheckRunRoutes(routes: RouteTable, context: SimContext): void {
  const { state } = context;
  const inRepo = (request: SimRequest, name: "checks" | "actions", level: "read" | "write", handle: (repo: SimRepo) => SimAnswer): SimAnswer => {
    const auth = authenticateInstallation(context, request);
    if (!auth.ok) return auth.answer;
    const allowed = authorizeRepo(context, auth.token, request.params["owner"] ?? "", request.params["repo"] ?? "", { name, level });
    return allowed.ok ? handle(allowed.repo) : allowed.answer;
  };

  routes.add("POST", "/repos/{owner}/{repo}/check-runs", (request) =>
    inRepo(request, "checks", "write", (repo) => {
      const body = (request.body ?? {}) as CheckRunBody;
      const known = [...state.runs.values()].some((run) => run.repoId === repo.id && run.headSha === body.head_sha);
      if (!known) return answerError(422, "No commit found for SHA: " + String(body.head_sha));
      const check: SimCheckRun = { id: state.nextId("checkRun"), repoId: repo.id, name: body.name ?? "", headSha: body.head_sha ?? "", externalId: body.external_id ?? null, status: "queued", conclusion: null, title: null, summary: null, actions: [], detailsUrl: null, history: [] };
      const refused = apply(check, body);
      if (refused !== null) return answerError(422, refused);
      state.checkRuns.set(check.id, check);
      return { status: 201, body: renderCheckRun(check, repo, context.url) };
    }),
  );
  routes.add("PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}", (request) =>
    inRepo(request, "checks", "write", (repo) => {
      const check = state.checkRuns.get(readIdParam(request, "check_run_id") ?? 0);
      if (check === undefined || check.repoId !== repo.id) return answerNotFound();
      const refused = apply(check, (request.body ?? {}) as CheckRunBody);
      return refused === null ? { status: 200, body: renderCheckRun(check, repo, context.url) } : answerError(422, refused);
    }),
  );
  routes.add("GET", "/repos/{owner}/{repo}/commits/{ref}/check-runs", (request) =>
    inRepo(request, "checks", "read", (repo) => {
      const checks = [...state.checkRuns.values()].filter((check) => check.repoId === repo.id && check.headSha === request.params["ref"]);
      return { status: 200, body: { total_count: checks.length, check_runs: checks.map((check) => renderCheckRun(check, repo, context.url)) } };
    }),
  );
  routes.add("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}", (request) =>
    inRepo(request, "actions", "read", (repo) => {
      const run = state.runs.get(readIdParam(request, "run_id") ?? 0);
      if (run === undefined || run.repoId !== repo.id) return answerNotFound();
      const jobs = run.jobIds.flatMap((id) => state.jobs.get(id) ?? []);
      return { status: 200, body: renderRun(run, repo, jobs, context.url) };
    }),
  );
}
