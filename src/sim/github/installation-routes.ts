import { randomBytes } from "node:crypto";
import { authenticateApp, authenticateInstallation } from "./authenticate-request.js";
import { isRecord } from "./is-record.js";
import { paginate } from "./paginate.js";
import { renderAccount } from "./render-account.js";
import { renderInstallation } from "./render-installation.js";
import { renderRepository } from "./render-repository.js";
import { answerError, answerNotFound, readIdParam, type RouteTable, type SimAnswer, type SimRequest } from "./route-table.js";
import type { SimContext } from "./sim-context.js";
import { findRepo, type SimInstallation } from "./sim-state.js";

/* "Installation tokens expire one hour from the time you create them." (github-protocol.md §3.2) */
const TOKEN_LIFETIME_MS = 3_600_000;
const TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** The App (JWT) endpoints and the installation's repository list. */
export function addInstallationRoutes(routes: RouteTable, context: SimContext): void {
  const { state, app } = context;
  const asApp = (handle: (request: SimRequest) => SimAnswer) => (request: SimRequest): SimAnswer => {
    const auth = authenticateApp(context, request);
    return auth.ok ? handle(request) : auth.answer;
  };
  const render = (installation: SimInstallation): Record<string, unknown> => renderInstallation(installation, app, context.url);

  routes.add("GET", "/app", asApp(() => ({ status: 200, body: renderApp(context) })));
  routes.add("GET", "/app/installations", asApp((request) => {
    const { page, headers } = paginate([...state.installations.values()], request, context.url);
    return { status: 200, body: page.map(render), headers };
  }));
  routes.add("GET", "/app/installations/{installation_id}", asApp((request) => {
    const installation = state.installations.get(readIdParam(request, "installation_id") ?? 0);
    return installation === undefined ? answerNotFound() : { status: 200, body: render(installation) };
  }));
  routes.add("POST", "/app/installations/{installation_id}/access_tokens", asApp((request) => {
    const installation = state.installations.get(readIdParam(request, "installation_id") ?? 0);
    return installation === undefined ? answerNotFound() : issueToken(context, installation, request.body);
  }));
  routes.add("GET", "/repos/{owner}/{repo}/installation", asApp((request) => {
    const repo = findRepo(state, request.params["owner"] ?? "", request.params["repo"] ?? "");
    const installation = repo === undefined ? undefined : state.installations.get(repo.installationId);
    return installation === undefined ? answerNotFound() : { status: 200, body: render(installation) };
  }));
  routes.add("GET", "/orgs/{org}/installation", asApp((request) => {
    const org = (request.params["org"] ?? "").toLowerCase();
    const installation = [...state.installations.values()].find(
      (candidate) => candidate.account.type === "Organization" && candidate.account.login.toLowerCase() === org,
    );
    return installation === undefined ? answerNotFound() : { status: 200, body: render(installation) };
  }));
  routes.add("GET", "/installation/repositories", (request) => {
    const auth = authenticateInstallation(context, request);
    if (!auth.ok) return auth.answer;
    const installation = state.installations.get(auth.token.installationId);
    const ids = auth.token.repoIds ?? installation?.repoIds ?? [];
    const repos = ids.flatMap((id) => state.repos.get(id) ?? []);
    const { page, headers } = paginate(repos, request, context.url);
    const body = { total_count: repos.length, repository_selection: "selected", repositories: page.map((repo) => renderRepository(repo, context.url)) };
    return { status: 200, body, headers };
  });
}

function issueToken(context: SimContext, installation: SimInstallation, body: unknown): SimAnswer {
  const request = isRecord(body) ? body : {};
  const names = Array.isArray(request["repositories"]) ? request["repositories"].map(String) : null;
  const repoIds = names?.map((name) => findRepo(context.state, installation.account.login, name)?.id) ?? null;
  if (repoIds !== null && repoIds.some((id) => id === undefined || !installation.repoIds.includes(id))) {
    return answerError(422, "There is at least one repository that does not exist or is not accessible to the parent installation.");
  }
  const asked = isRecord(request["permissions"]) ? request["permissions"] : null;
  const permissions: Record<string, "read" | "write"> = asked === null ? { ...installation.permissions } : {};
  for (const [name, level] of Object.entries(asked ?? {})) {
    const held = installation.permissions[name];
    if ((level !== "read" && level !== "write") || held === undefined || (held === "read" && level === "write")) {
      return answerError(422, "The permissions requested are not granted to this installation.");
    }
    permissions[name] = level;
  }
  const token = `ghs_${Array.from(randomBytes(36), (byte) => TOKEN_ALPHABET[byte % TOKEN_ALPHABET.length]).join("")}`;
  const expiresAt = context.clock.now() + TOKEN_LIFETIME_MS;
  const ids = repoIds?.filter((id): id is number => id !== undefined) ?? null;
  context.state.tokens.set(token, { token, installationId: installation.id, expiresAt, repoIds: ids, permissions });
  return {
    status: 201,
    body: {
      token,
      expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
      permissions,
      repository_selection: "selected",
    },
  };
}

function renderApp(context: SimContext): Record<string, unknown> {
  const { app } = context;
  const owner = renderAccount({ login: "offload-sim-owner", id: 1, type: "User" }, context.url);
  return {
    id: app.id,
    slug: app.slug,
    node_id: `A_kwHO${app.id}`,
    client_id: app.clientId,
    owner,
    name: app.name,
    description: "GitHub App simulated by offload",
    external_url: "https://github.com/offload",
    html_url: `https://github.com/apps/${app.slug}`,
    created_at: app.createdAt,
    updated_at: app.createdAt,
    permissions: { ...app.permissions },
    events: [...app.events],
    installations_count: context.state.installations.size,
  };
}
