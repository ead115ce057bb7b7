import type { FastifyInstance, FastifyRequest } from "fastify";
import type { OffloadConfig } from "../config/config.js";
import { renderLoginPage } from "./dashboard/render-login-page.js";
import { isHttps } from "./request-facts.js";
import { sendPage } from "./send-page.js";
import { buildSessionCookie, deriveSessionValue, equalsSecretly } from "./session-cookie.js";

/** A login form is a few hundred bytes; anything much larger is not one. */
const FORM_LIMIT = 8 * 1024;

/** Only a path on this server: `//host` and `/\host` would send the browser elsewhere. */
export function safeNext(next: string | null | undefined): string {
  if (next === null || next === undefined || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || [...next].some((c) => c.charCodeAt(0) < 0x20)) return "/";
  return next.slice(0, 1000);
}

function field(request: FastifyRequest, name: string): string | null {
  return request.body instanceof URLSearchParams ? request.body.get(name) : null;
}

/** `GET /login` (the form), `POST /login` (checks the token, sets the session cookie), `POST /logout`. */
export function registerLoginRoutes(app: FastifyInstance, config: OffloadConfig): void {
  const session = config.adminToken === null ? null : deriveSessionValue(config.adminToken);
  void app.register(async (scope) => {
    scope.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: FORM_LIMIT }, (_request, body, done) => done(null, new URLSearchParams(String(body))));
    scope.get<{ Querystring: { next?: string } }>("/login", async (request, reply) =>
      sendPage(reply, renderLoginPage({ next: safeNext(request.query.next), error: null, tokenConfigured: config.adminToken !== null })),
    );
    scope.post("/login", { bodyLimit: FORM_LIMIT }, async (request, reply) => {
      const next = safeNext(field(request, "next"));
      const token = field(request, "token") ?? "";
      if (config.adminToken === null || session === null) return sendPage(reply, renderLoginPage({ next, error: null, tokenConfigured: false }), 404);
      if (!equalsSecretly(token, config.adminToken.reveal())) {
        request.log.warn({ ip: request.ip }, "dashboard sign-in refused");
        return sendPage(reply, renderLoginPage({ next, error: "That is not the admin token. Check the value of OFFLOAD_ADMIN_TOKEN with the operator.", tokenConfigured: true }), 401);
      }
      request.log.info({ ip: request.ip }, "dashboard sign-in");
      return reply.header("set-cookie", buildSessionCookie(session, isHttps(request))).redirect(next, 303);
    });
    scope.post("/logout", async (request, reply) => reply.header("set-cookie", buildSessionCookie(null, isHttps(request))).redirect("/login", 303));
  });
}
