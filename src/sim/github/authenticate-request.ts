import { answerError, type SimAnswer, type SimRequest } from "./route-table.js";
import type { SimContext } from "./sim-context.js";
import { findRepo, type SimInstallation, type SimRepo, type SimToken } from "./sim-state.js";
import { verifyAppJwt } from "./verify-app-jwt.js";

type Refusal = { ok: false; answer: SimAnswer };

/** `Authorization: Bearer <jwt>` for the App-level endpoints (github-protocol.md §3.1). */
export function authenticateApp(context: SimContext, request: SimRequest): { ok: true } | Refusal {
  const credential = readCredential(request);
  if (credential === undefined) return refuse(401, "A JSON web token could not be decoded");
  if (credential.scheme !== "bearer") return refuse(401, "A JSON web token could not be decoded");
  const verdict = verifyAppJwt(credential.value, context.app, context.clock.now());
  if (!verdict.ok) return refuse(401, verdict.message);
  return charge(context, request, "app");
}

/** An installation token (`token` or `bearer` scheme) that exists and has not expired. */
export function authenticateInstallation(context: SimContext, request: SimRequest): { ok: true; token: SimToken } | Refusal {
  const credential = readCredential(request);
  if (credential === undefined) return refuse(401, "Requires authentication");
  const token = context.state.tokens.get(credential.value);
  if (token === undefined || token.expiresAt <= context.clock.now()) return refuse(401, "Bad credentials");
  const charged = charge(context, request, `installation:${token.installationId}`);
  return charged.ok ? { ok: true, token } : charged;
}

/** The repository exists, the token covers it, and the installation holds `permission`. */
export function authorizeRepo(
  context: SimContext,
  token: SimToken,
  owner: string,
  name: string,
  permission: Permission,
): { ok: true; repo: SimRepo } | Refusal {
  const repo = findRepo(context.state, owner, name);
  const covered =
    repo !== undefined &&
    repo.installationId === token.installationId &&
    (token.repoIds === null || token.repoIds.includes(repo.id));
  if (repo === undefined || !covered) return refuse(404, "Not Found");
  const denied = checkPermission(token, permission);
  return denied ?? { ok: true, repo };
}

/** The organisation has this installation and the token holds `permission`. */
export function authorizeOrg(
  context: SimContext,
  token: SimToken,
  org: string,
  permission: Permission,
): { ok: true; installation: SimInstallation } | Refusal {
  const installation = context.state.installations.get(token.installationId);
  const matches =
    installation !== undefined &&
    installation.account.type === "Organization" &&
    installation.account.login.toLowerCase() === org.toLowerCase();
  if (installation === undefined || !matches) return refuse(404, "Not Found");
  const denied = checkPermission(token, permission);
  return denied ?? { ok: true, installation };
}

/** A permission an endpoint needs, e.g. `{ name: "administration", level: "write" }`. */
export interface Permission {
  readonly name: string;
  readonly level: "read" | "write";
}

function checkPermission(token: SimToken, permission: Permission): Refusal | undefined {
  const held = token.permissions[permission.name];
  if (held === "write" || held === permission.level) return undefined;
  return refuse(403, "Resource not accessible by integration", {
    "x-accepted-github-permissions": `${permission.name}=${permission.level}`,
  });
}

function charge(context: SimContext, request: SimRequest, bucket: string): { ok: true } | Refusal {
  request.rateBucket = bucket;
  if (context.rateLimits.charge(bucket)) return { ok: true };
  const who = bucket.startsWith("installation:") ? `installation ID ${bucket.slice(13)}` : "this App";
  return refuse(403, `API rate limit exceeded for ${who}.`);
}

function readCredential(request: SimRequest): { scheme: string; value: string } | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (scheme === undefined || value === undefined) return undefined;
  return { scheme: scheme.toLowerCase(), value };
}

function refuse(status: number, message: string, headers?: Record<string, string>): Refusal {
  return { ok: false, answer: answerError(status, message, headers) };
}
