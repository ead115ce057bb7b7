import { createHash } from "node:crypto";
import { authenticateInstallation, type Permission } from "../authenticate-request.js";
import { paginate } from "../paginate.js";
import { renderAccount } from "../render-account.js";
import { answerError, answerNotFound, type RouteTable, type SimAnswer, type SimRequest } from "../route-table.js";
import type { SimContext } from "../sim-context.js";
import { findRepo, type SimAccount, type SimRepo, type SimToken } from "../sim-state.js";
import { withBatchRepo } from "./batch-access.js";
import type { BatchRepo, BatchSimState } from "./batch-sim-state.js";
import { renderBatchRepository } from "./render-batch-repository.js";

const ADMIN: Permission = { name: "administration", level: "write" };

/**
 * Repositories: create for the token's user or organisation, list, delete, and `GET /user`.
 * The simulator treats every token as acting for its installation's account, so a personal
 * token is an installation on a User account whose token never expires (batch-sim.ts).
 */
export function addBatchRepoRoutes(routes: RouteTable, context: SimContext, batch: BatchSimState, onDelete: (repoId: number) => void): void {
  const { state } = context;
  const accountOf = (token: SimToken): SimAccount | undefined => state.installations.get(token.installationId)?.account;

  const create = (request: SimRequest, owner: (account: SimAccount) => boolean): SimAnswer => {
    const auth = authenticateInstallation(context, request);
    if (!auth.ok) return auth.answer;
    const account = accountOf(auth.token);
    if (account === undefined || !owner(account)) return answerNotFound();
    const held = auth.token.permissions["administration"];
    if (held !== "write") return answerError(403, "Resource not accessible by integration", { "x-accepted-github-permissions": "administration=write" });
    const body = request.body as { name: string; private?: boolean; auto_init?: boolean };
    if (findRepo(state, account.login, body.name) !== undefined) {
      return { status: 422, body: { message: "Repository creation failed.", documentation_url: "https://docs.github.com/rest", errors: [{ resource: "Repository", code: "custom", field: "name", message: "name already exists on this account" }] } };
    }
    const repo: SimRepo = { id: state.nextId("repo"), owner: account, name: body.name, fullName: `${account.login}/${body.name}`, installationId: auth.token.installationId };
    state.repos.set(repo.id, repo);
    state.installations.get(auth.token.installationId)?.repoIds.push(repo.id);
    const now = context.clock.iso();
    const batchRepo = { repoId: repo.id, private: body.private ?? false, createdAt: now, pushedAt: now, blobs: new Map(), trees: new Map(), commits: new Map(), refs: new Map(), secrets: new Map() };
    batch.repos.set(repo.id, batchRepo);
    if (body.auto_init === true) initialCommit(batchRepo, repo.name);
    return { status: 201, body: renderBatchRepository(repo, batchRepo, context.url) };
  };

  const list = (request: SimRequest, login: (account: SimAccount) => string | undefined): SimAnswer => {
    const auth = authenticateInstallation(context, request);
    if (!auth.ok) return auth.answer;
    const account = accountOf(auth.token);
    const wanted = account === undefined ? undefined : login(account);
    if (wanted === undefined) return answerNotFound();
    const repos = [...state.repos.values()].filter((repo) => repo.owner.login.toLowerCase() === wanted.toLowerCase() && repo.installationId === auth.token.installationId);
    const { page, headers } = paginate(repos, request, context.url);
    return { status: 200, body: page.map((repo) => renderBatchRepository(repo, batch.repos.get(repo.id), context.url)), headers };
  };

  routes.add("POST", "/user/repos", (request) => create(request, (account) => account.type === "User"));
  routes.add("POST", "/orgs/{org}/repos", (request) =>
    create(request, (account) => account.type === "Organization" && account.login.toLowerCase() === (request.params["org"] ?? "").toLowerCase()),
  );
  routes.add("GET", "/user/repos", (request) => list(request, (account) => (account.type === "User" ? account.login : undefined)));
  routes.add("GET", "/orgs/{org}/repos", (request) =>
    list(request, (account) => (account.login.toLowerCase() === (request.params["org"] ?? "").toLowerCase() ? account.login : undefined)),
  );
  routes.add("GET", "/user", (request) => {
    const auth = authenticateInstallation(context, request);
    if (!auth.ok) return auth.answer;
    const account = accountOf(auth.token);
    // An installation token is not a user (GitHub answers 403 for it); only personal tokens are.
    if (account === undefined || account.type !== "User" || !auth.token.token.startsWith("github_pat_")) {
      return answerError(403, "Resource not accessible by integration");
    }
    return { status: 200, body: renderPrivateUser(account, context) };
  });
  routes.add("GET", "/repos/{owner}/{repo}", (request) =>
    withBatchRepo(context, batch, request, { name: "metadata", level: "read" }, ({ repo, batchRepo }) => ({
      status: 200,
      body: renderBatchRepository(repo, batchRepo, context.url),
    })),
  );
  routes.add("DELETE", "/repos/{owner}/{repo}", (request) =>
    withBatchRepo(context, batch, request, ADMIN, ({ repo }) => {
      onDelete(repo.id);
      state.repos.delete(repo.id);
      batch.repos.delete(repo.id);
      const installation = state.installations.get(repo.installationId);
      const index = installation?.repoIds.indexOf(repo.id) ?? -1;
      if (index >= 0) installation?.repoIds.splice(index, 1);
      return { status: 204 };
    }),
  );
}

/** `private-user`: the public fields plus the counters GitHub shows only to the user. */
function renderPrivateUser(account: SimAccount, context: SimContext): Record<string, unknown> {
  const created = "2024-01-02T03:04:05Z";
  return {
    ...renderAccount(account, context.url),
    name: account.login, company: null, blog: "", location: null, email: null, hireable: null, bio: null,
    public_repos: 0, public_gists: 0, followers: 0, following: 0, created_at: created, updated_at: created,
    private_gists: 0, total_private_repos: 0, owned_private_repos: 0, disk_usage: 0, collaborators: 0,
    two_factor_authentication: true,
    plan: { collaborators: 0, name: "pro", space: 976562499, private_repos: 9999 },
  };
}

/** `auto_init`: one commit with a README on `main`, pushed before any workflow exists (so no run). */
function initialCommit(batchRepo: BatchRepo, name: string): void {
  const readme = Buffer.from(`# ${name}\n`);
  const blob = createHash("sha1").update(`blob ${readme.length}\0`).update(readme).digest("hex");
  batchRepo.blobs.set(blob, readme);
  const entries = [{ path: "README.md", mode: "100644", type: "blob" as const, sha: blob }];
  const tree = createHash("sha1").update(JSON.stringify(entries)).digest("hex");
  batchRepo.trees.set(tree, entries);
  const commit = createHash("sha1").update(`initial ${name} ${tree}`).digest("hex");
  batchRepo.commits.set(commit, { tree, parents: [], message: "Initial commit" });
  batchRepo.refs.set("refs/heads/main", commit);
}
