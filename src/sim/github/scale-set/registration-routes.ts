import { randomBytes } from "node:crypto";
import { AdminConnectionSchema } from "../../../github/actions-service/actions-service-schemas.js";
import { authenticateInstallation, authorizeOrg, authorizeRepo } from "../authenticate-request.js";
import { isRecord } from "../is-record.js";
import { answerError, type RouteTable, type SimAnswer } from "../route-table.js";
import type { SimContext } from "../sim-context.js";

/** An Actions service admin token: what it may act on and until when. */
export interface AdminGrant {
  /** `repo:owner/name` or `org:owner`, lower-case. */
  readonly scope: string;
  readonly expiresAt: number;
}

const HOUR_MS = 3_600_000;

/**
 * How a listener reaches the Actions service, as actions/scaleset does it (client.go l.737-782
 * and l.831-866 @ 6ce0259): a runner registration token from the REST API (`POST
 * .../actions/runners/registration-token`, 201, "The token expires after one hour"), then `POST
 * /actions/runner-registration` on the GitHub host with `Authorization: RemoteAuth <token>` and
 * `{ url, runner_event: "register" }`, which answers the service URL and an admin token. The
 * admin token is a JWT whose `exp` the library reads to refresh it (client.go l.961-975).
 */
export function addRegistrationRoutes(rest: RouteTable, unlisted: RouteTable, context: SimContext, grants: Map<string, AdminGrant>, serviceUrl: () => string): void {
  const registrationTokens = new Map<string, AdminGrant>();
  const issue = (scope: string): SimAnswer => {
    const token = `A${randomBytes(20).toString("hex").toUpperCase()}`;
    const expiresAt = context.clock.now() + HOUR_MS;
    registrationTokens.set(token, { scope, expiresAt });
    return { status: 201, body: { token, expires_at: new Date(expiresAt).toISOString() } };
  };
  rest.add("POST", "/orgs/{org}/actions/runners/registration-token", (request) => {
    const auth = authenticateInstallation(context, request);
    if (!auth.ok) return auth.answer;
    const allowed = authorizeOrg(context, auth.token, request.params["org"] ?? "", { name: "organization_self_hosted_runners", level: "write" });
    return allowed.ok ? issue(`org:${allowed.installation.account.login.toLowerCase()}`) : allowed.answer;
  });
  rest.add("POST", "/repos/{owner}/{repo}/actions/runners/registration-token", (request) => {
    const auth = authenticateInstallation(context, request);
    if (!auth.ok) return auth.answer;
    const allowed = authorizeRepo(context, auth.token, request.params["owner"] ?? "", request.params["repo"] ?? "", { name: "administration", level: "write" });
    return allowed.ok ? issue(`repo:${allowed.repo.fullName.toLowerCase()}`) : allowed.answer;
  });

  unlisted.add("POST", "/actions/runner-registration", (request) => {
    const [scheme, value] = (request.headers.authorization ?? "").trim().split(/\s+/, 2);
    const grant = scheme === "RemoteAuth" && value !== undefined ? registrationTokens.get(value) : undefined;
    if (grant === undefined || grant.expiresAt <= context.clock.now()) return answerError(401, "Bad credentials");
    const body = isRecord(request.body) ? request.body : {};
    if (typeof body["url"] !== "string" || body["runner_event"] !== "register") return answerError(400, "Expected { url, runner_event: \"register\" }");
    if (scopeOfConfigUrl(body["url"]) !== grant.scope) return answerError(403, `The registration token does not belong to ${body["url"]}`);
    const expiresAt = context.clock.now() + HOUR_MS;
    const token = fakeJwt(expiresAt);
    grants.set(token, { scope: grant.scope, expiresAt });
    const answer = { url: serviceUrl(), token };
    AdminConnectionSchema.parse(answer);
    return { status: 200, body: answer };
  });
}

/** `https://github.com/acme` → `org:acme`; `https://github.com/acme/app` → `repo:acme/app`. */
function scopeOfConfigUrl(url: string): string | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const parts = path.split("/").filter((part) => part !== "");
  if (parts.length === 1) return `org:${parts[0]?.toLowerCase()}`;
  if (parts.length === 2) return `repo:${parts.join("/").toLowerCase()}`;
  return null;
}

/** A token shaped like the service's JWT (header.claims.signature) so a client can read `exp`. */
function fakeJwt(expiresAt: number): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode({ alg: "RS256", typ: "JWT" })}.${encode({ exp: Math.floor(expiresAt / 1000), jti: randomBytes(8).toString("hex") })}.${randomBytes(32).toString("base64url")}`;
}
