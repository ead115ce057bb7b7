import type { z } from "zod";
import type { Clock } from "../../clock/clock.js";
import { Secret } from "../../config/secret.js";
import { OffloadError, isOffloadError } from "../../errors/offload-error.js";
import { formatScope, type RunnerScope } from "../../policy/runner-scope.js";
import { USER_AGENT } from "../user-agent.js";
import { AdminConnectionSchema } from "./actions-service-schemas.js";

/** The HTTP status an Actions service call failed with (null: no answer). */
export class ActionsServiceHttpError extends Error {
  readonly httpStatus: number | null;
  constructor(message: string, httpStatus: number | null, options?: { cause?: unknown }) {
    super(message, options);
    this.httpStatus = httpStatus;
  }
}

/** The status behind an `OFFLOAD_ACTIONS_SERVICE` failure, e.g. 409 for a session conflict. */
export function actionsServiceStatus(error: unknown): number | null {
  const cause = isOffloadError(error) ? error.cause : error;
  return cause instanceof ActionsServiceHttpError ? cause.httpStatus : null;
}

export function serviceFailure(what: string, status: number | null, detail: string, cause?: unknown): OffloadError {
  const outcome = status === null ? `failed without an answer: ${detail}` : `failed with ${status}: ${detail}`;
  return new OffloadError("OFFLOAD_ACTIONS_SERVICE", `${what} ${outcome}`, { cause: new ActionsServiceHttpError(detail, status, { cause }) });
}

interface AdminConnection {
  readonly url: string;
  readonly token: Secret;
  readonly expiresAt: number;
}

export interface ActionsServiceHttp {
  /** Calls the service as admin; `path` is relative to the service URL (`_apis/runtime/...`). */
  admin<T>(scope: RunnerScope, call: { method: string; path: string; query?: Record<string, string>; body?: unknown; expect: number; schema: z.ZodType<T> | null }): Promise<T | null>;
  /** The service URL for `path` (joined as the library does), for calls made with a session's token. */
  serviceUrl(scope: RunnerScope, path: string): Promise<string>;
  /** Calls a URL the service gave out (the message queue) with a session's token. */
  direct(call: { method: string; url: string; token: Secret; headers?: Record<string, string>; body?: unknown; signal?: AbortSignal; what: string }): Promise<{ status: number; json: unknown }>;
}

/**
 * How the dispatcher reaches the Actions service, as actions/scaleset does (client.go @ 6ce0259):
 * a registration token for the scope (l.737-782), exchanged at `POST {api}/actions/runner-registration`
 * with `Authorization: RemoteAuth <token>` and `{ url: <scope's GitHub URL>, runner_event: "register" }`
 * (l.831-866) for the service URL and an admin token. The token is a JWT whose `exp` says when to
 * fetch a new one, 60 s early (l.977-981). Every service call adds `api-version=6.0-preview` (l.265).
 */
export function createActionsServiceHttp(deps: {
  apiUrl: string;
  webUrl: string;
  fetch: typeof fetch;
  clock: Clock;
  registrationToken: (scope: RunnerScope) => Promise<Secret>;
}): ActionsServiceHttp {
  const connections = new Map<string, Promise<AdminConnection>>();
  const connect = async (scope: RunnerScope): Promise<AdminConnection> => {
    const token = await deps.registrationToken(scope);
    const configUrl = `${deps.webUrl.replace(/\/$/, "")}/${scope.kind === "repo" ? `${scope.owner}/${scope.repo}` : scope.owner}`;
    const answer = await send(deps.fetch, "POST runner-registration", `${deps.apiUrl.replace(/\/$/, "")}/actions/runner-registration`, {
      method: "POST",
      headers: { authorization: `RemoteAuth ${token.reveal()}`, "content-type": "application/json", "user-agent": USER_AGENT },
      body: JSON.stringify({ url: configUrl, runner_event: "register" }),
    });
    if (answer.status < 200 || answer.status > 299) throw serviceFailure(`POST '/actions/runner-registration' for ${formatScope(scope)}`, answer.status, messageOf(answer.json));
    const parsed = AdminConnectionSchema.safeParse(answer.json);
    if (!parsed.success) throw serviceFailure("POST '/actions/runner-registration'", answer.status, "the answer has no url and token");
    return { url: parsed.data.url, token: new Secret(parsed.data.token), expiresAt: readJwtExpiry(parsed.data.token) ?? deps.clock.now() + 3_600_000 };
  };
  const connection = async (scope: RunnerScope, fresh: boolean): Promise<AdminConnection> => {
    const key = formatScope(scope);
    const cached = connections.get(key);
    if (!fresh && cached !== undefined) {
      const known = await cached.catch(() => null);
      if (known !== null && known.expiresAt - 60_000 > deps.clock.now()) return known;
    }
    const next = connect(scope);
    connections.set(key, next);
    next.catch(() => connections.delete(key));
    return next;
  };

  return {
    async admin(scope, call) {
      const what = `${call.method} '${call.path}'`;
      for (let attempt = 0; ; attempt++) {
        const admin = await connection(scope, attempt > 0);
        const url = new URL(call.path, admin.url.endsWith("/") ? admin.url : `${admin.url}/`);
        for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
        url.searchParams.set("api-version", "6.0-preview");
        const answer = await send(deps.fetch, what, url.toString(), {
          method: call.method,
          headers: { authorization: `Bearer ${admin.token.reveal()}`, "content-type": "application/json", "user-agent": USER_AGENT },
          ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
        });
        // An admin token the service no longer takes: fetch a new connection once.
        if (answer.status === 401 && attempt === 0) continue;
        if (answer.status !== call.expect) throw serviceFailure(what, answer.status, messageOf(answer.json));
        if (call.schema === null) return null;
        const parsed = call.schema.safeParse(answer.json);
        if (!parsed.success) throw serviceFailure(what, answer.status, `unexpected answer (${parsed.error.issues[0]?.message ?? "invalid"})`);
        return parsed.data;
      }
    },
    async serviceUrl(scope, path) {
      const admin = await connection(scope, false);
      const url = new URL(path, admin.url.endsWith("/") ? admin.url : `${admin.url}/`);
      url.searchParams.set("api-version", "6.0-preview");
      return url.toString();
    },
    async direct(call) {
      return send(deps.fetch, call.what, call.url, {
        method: call.method,
        headers: { authorization: `Bearer ${call.token.reveal()}`, accept: "application/json; api-version=6.0-preview", "content-type": "application/json", "user-agent": USER_AGENT, ...call.headers },
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
        ...(call.signal === undefined ? {} : { signal: call.signal }),
      });
    },
  };
}

async function send(fetcher: typeof fetch, what: string, url: string, init: RequestInit): Promise<{ status: number; json: unknown }> {
  let response: Response;
  try {
    response = await fetcher(url, init);
  } catch (error) {
    if (init.signal?.aborted === true) throw error;
    throw serviceFailure(what, null, error instanceof Error ? error.message : String(error), error);
  }
  const text = await response.text();
  return { status: response.status, json: parseJsonOrNull(text) };
}

function parseJsonOrNull(text: string): unknown {
  try {
    return text === "" ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

function messageOf(json: unknown): string {
  const message = typeof json === "object" && json !== null ? (json as { message?: unknown }).message : undefined;
  return typeof message === "string" ? message.slice(0, 300) : "no message";
}

/** `exp` of a JWT in ms, read without verifying (the service verifies it; we only schedule a refresh). */
function readJwtExpiry(token: string): number | null {
  const claims = token.split(".")[1];
  if (claims === undefined) return null;
  try {
    const exp = (JSON.parse(Buffer.from(claims, "base64url").toString("utf8")) as { exp?: unknown }).exp;
    return typeof exp === "number" ? exp * 1000 : null;
  } catch {
    return null;
  }
}
