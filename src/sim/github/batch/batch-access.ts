import { authenticateInstallation, authorizeRepo, type Permission } from "../authenticate-request.js";
import { answerNotFound, type RouteHandler, type RouteTable, type SimAnswer, type SimRequest } from "../route-table.js";
import type { SimContext } from "../sim-context.js";
import { findRepo, type SimRepo, type SimToken } from "../sim-state.js";
import type { BatchRepo, BatchSimState } from "./batch-sim-state.js";

/** What a batch route handler gets once the caller may act on the repository. */
export interface BatchRepoAccess {
  readonly repo: SimRepo;
  readonly batchRepo: BatchRepo;
  readonly token: SimToken;
}

/**
 * Authenticates the token, checks it covers `{owner}/{repo}` with `permission`, and finds the
 * repository's batch record (repositories added by `addInstallation` have none).
 */
export function withBatchRepo(
  context: SimContext,
  batch: BatchSimState,
  request: SimRequest,
  permission: Permission,
  handle: (access: BatchRepoAccess) => SimAnswer | Promise<SimAnswer>,
): SimAnswer | Promise<SimAnswer> {
  const auth = authenticateInstallation(context, request);
  if (!auth.ok) return auth.answer;
  const { owner = "", repo = "" } = request.params;
  const allowed = authorizeRepo(context, auth.token, owner, repo, permission);
  if (!allowed.ok) return allowed.answer;
  const batchRepo = batch.repos.get(allowed.repo.id);
  if (batchRepo === undefined) return answerNotFound();
  return handle({ repo: allowed.repo, batchRepo, token: auth.token });
}

/**
 * Registers `handler` for a template another file already serves: batch repositories go to
 * `handler`, every other repository to the route registered before (the dispatcher's runs).
 */
export function overlayRoute(
  routes: RouteTable,
  context: SimContext,
  batch: BatchSimState,
  method: string,
  template: string,
  handler: RouteHandler,
): void {
  const sample = template.replace(/\{[^}]+\}/g, "1");
  const previous = routes.find(method, sample)?.handler;
  routes.add(method, template, (request) => {
    const { owner = "", repo = "" } = request.params;
    const found = findRepo(context.state, owner, repo);
    if (found !== undefined && batch.repos.has(found.id)) return handler(request);
    return previous === undefined ? answerNotFound() : previous(request);
  });
}
