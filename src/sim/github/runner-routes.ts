import type { ActionsService } from "./actions-service.js";
import { authenticateInstallation, authorizeOrg, authorizeRepo, type Permission } from "./authenticate-request.js";
import { createRunnerSecret, encodeJitConfig } from "./encode-jit-config.js";
import { paginate } from "./paginate.js";
import { renderRunner } from "./render-runner.js";
import { answerError, answerNotFound, readIdParam, type RouteTable, type SimAnswer, type SimRequest } from "./route-table.js";
import type { SimContext } from "./sim-context.js";
import { listLiveRunners, type RunnerRecord } from "./sim-state.js";

const DEFAULT_GROUP = { id: 1, name: "Default" };
/* Runner names longer than this are refused (actions/runner PR #1710, github-protocol.md §4.3). */
const MAX_NAME_LENGTH = 64;

/** Self-hosted runner endpoints, identical under `/repos/{owner}/{repo}` and `/orgs/{org}`. */
export function addRunnerRoutes(routes: RouteTable, context: SimContext, actions: ActionsService): void {
  for (const prefix of ["/repos/{owner}/{repo}", "/orgs/{org}"]) {
    routes.add("POST", `${prefix}/actions/runners/generate-jitconfig`, (request) =>
      withScope(context, request, "write", (scope) => generateJitConfig(context, request, scope)),
    );
    routes.add("GET", `${prefix}/actions/runners`, (request) =>
      withScope(context, request, "read", (scope) => {
        const wanted = request.query.get("name")?.toLowerCase();
        const runners = runnersIn(context, scope).filter((runner) => wanted === undefined || runner.name.toLowerCase() === wanted);
        const { page, headers } = paginate(runners, request, context.url);
        const body = { total_count: runners.length, runners: page.map((runner) => renderRunner(runner, context.state)) };
        return { status: 200, body, headers };
      }),
    );
    routes.add("GET", `${prefix}/actions/runners/{runner_id}`, (request) =>
      withScope(context, request, "read", (scope) => {
        const runner = findRunner(context, scope, readIdParam(request, "runner_id"));
        return runner === undefined ? answerNotFound() : { status: 200, body: renderRunner(runner, context.state) };
      }),
    );
    routes.add("DELETE", `${prefix}/actions/runners/{runner_id}`, (request) =>
      withScope(context, request, "write", (scope) => {
        const runner = findRunner(context, scope, readIdParam(request, "runner_id"));
        if (runner === undefined) return answerNotFound();
        // The message ARC matches on (github-protocol.md §4.4).
        if (runner.busy) return answerError(422, `Bad request - Runner "${runner.name}" is still running a job`);
        actions.removeRunner(runner.id);
        return { status: 204 };
      }),
    );
  }
  routes.add("GET", "/orgs/{org}/actions/runner-groups", (request) =>
    withScope(context, request, "read", () => {
      const group = {
        id: DEFAULT_GROUP.id,
        name: DEFAULT_GROUP.name,
        visibility: "all",
        default: true,
        runners_url: `${context.url}/orgs/${request.params["org"] ?? ""}/actions/runner-groups/1/runners`,
        inherited: false,
        allows_public_repositories: true,
        restricted_to_workflows: false,
        selected_workflows: [],
        workflow_restrictions_read_only: false,
      };
      return { status: 200, body: { total_count: 1, runner_groups: [group] } };
    }),
  );
}

function generateJitConfig(context: SimContext, request: SimRequest, scope: string): SimAnswer {
  const body = request.body as { name?: unknown; labels?: unknown; runner_group_id?: unknown } | undefined;
  const name = body?.name;
  const labels = Array.isArray(body?.labels) ? body.labels.filter((label): label is string => typeof label === "string") : [];
  if (typeof name !== "string" || name === "") return answerError(422, "Invalid request.\n\nThe runner name is missing.");
  if (labels.length === 0) return answerError(422, "Invalid request.\n\nNo labels were specified; at least one is required.");
  if (name.length > MAX_NAME_LENGTH) return answerError(422, `Invalid request.\n\nRunner names can only be ${MAX_NAME_LENGTH} characters in length.`);
  if (body?.runner_group_id !== DEFAULT_GROUP.id) return answerError(422, "Invalid request.\n\nRunner group not found.");
  if (runnersIn(context, scope).some((runner) => runner.name.toLowerCase() === name.toLowerCase())) {
    return answerError(409, `Already exists - A runner with the name ${name} already exists.`);
  }
  const runner: RunnerRecord = {
    id: context.state.nextId("runner"),
    name,
    labels: dedupeLabels(labels),
    status: "offline",
    busy: false,
    ephemeral: true,
    scope,
    runnerGroupId: DEFAULT_GROUP.id,
    os: "unknown",
    version: null,
    secret: createRunnerSecret(),
    jitUsed: false,
    deleted: false,
  };
  context.state.runners.set(runner.id, runner);
  const encoded = encodeJitConfig({ runnerId: runner.id, runnerName: name, runnerGroupId: runner.runnerGroupId, simUrl: context.url, secret: runner.secret });
  return { status: 201, body: { runner: renderRunner(runner, context.state), encoded_jit_config: encoded } };
}

/** Labels collapse case-insensitively, keeping the first spelling (github-protocol.md §5.7). */
function dedupeLabels(labels: readonly string[]): string[] {
  const seen = new Set<string>();
  return labels.filter((label) => {
    const key = label.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function runnersIn(context: SimContext, scope: string): RunnerRecord[] {
  return listLiveRunners(context.state).filter((runner) => runner.scope === scope);
}

function findRunner(context: SimContext, scope: string, id: number | undefined): RunnerRecord | undefined {
  return id === undefined ? undefined : runnersIn(context, scope).find((runner) => runner.id === id);
}

/** Authenticates, authorises the scope in the path, and passes its key (`repo:o/r` or `org:o`). */
function withScope(
  context: SimContext,
  request: SimRequest,
  level: Permission["level"],
  handle: (scope: string) => SimAnswer,
): SimAnswer {
  const auth = authenticateInstallation(context, request);
  if (!auth.ok) return auth.answer;
  const { owner, repo, org } = request.params;
  if (org !== undefined) {
    const allowed = authorizeOrg(context, auth.token, org, { name: "organization_self_hosted_runners", level });
    return allowed.ok ? handle(`org:${allowed.installation.account.login.toLowerCase()}`) : allowed.answer;
  }
  const allowed = authorizeRepo(context, auth.token, owner ?? "", repo ?? "", { name: "administration", level });
  return allowed.ok ? handle(`repo:${allowed.repo.fullName.toLowerCase()}`) : allowed.answer;
}
