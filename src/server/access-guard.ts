import type { FastifyInstance, FastifyRequest } from "fastify";
import type { OffloadConfig } from "../config/config.js";
import { OffloadError } from "../errors/offload-error.js";
import { renderDeniedPage } from "./dashboard/render-login-page.js";
import type { AccessMode } from "./dashboard/render-layout.js";
import { classifyPath, decideAccess, type Credential } from "./decide-access.js";
import { isLocalRequest, pathOf, prefersHtml } from "./request-facts.js";
import { sendPage } from "./send-page.js";
import { deriveSessionValue, equalsSecretly, readCookie, SESSION_COOKIE } from "./session-cookie.js";

const granted = new WeakMap<FastifyRequest, AccessMode>();

/** How the guard let this request in, for the page's banner and sign-out button. */
export function accessOf(request: FastifyRequest): AccessMode {
  return granted.get(request) ?? "public";
}

function readCredential(request: FastifyRequest, config: OffloadConfig, session: string | null): Credential {
  if (config.adminToken === null || session === null) return "none";
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim();
    return bearer !== undefined && equalsSecretly(bearer, config.adminToken.reveal()) ? "valid" : "invalid";
  }
  const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
  if (cookie === null || cookie === "") return "none";
  return equalsSecretly(cookie, session) ? "valid" : "invalid";
}

/**
 * Guards the dashboard, the job pages, `/status` and `/api/*` (decide-access.ts says which paths):
 * the admin token as a Bearer header or the login cookie when OFFLOAD_ADMIN_TOKEN is set,
 * otherwise loopback clients only. Refusals name what is expected and never hint at the token.
 */
export function registerAccessGuard(app: FastifyInstance, config: OffloadConfig): void {
  const session = config.adminToken === null ? null : deriveSessionValue(config.adminToken);
  app.addHook("onRequest", async (request, reply) => {
    const wantsHtml = prefersHtml(request.headers.accept);
    const path = pathOf(request);
    const access = classifyPath(path, wantsHtml, config.missing.length === 0);
    if (access === "open") return;
    const credential = readCredential(request, config, session);
    const decision = decideAccess({ access, tokenConfigured: config.adminToken !== null, publicStatus: config.publicStatus, credential, local: isLocalRequest(request), wantsHtml });
    const where = `${request.method} ${path.slice(0, 200)}`;
    switch (decision.kind) {
      case "allow":
        granted.set(request, decision.via);
        return;
      case "login":
        return reply.redirect(`/login?next=${encodeURIComponent(request.url.slice(0, 1000))}`, 303);
      case "unauthorized":
        reply.header("www-authenticate", 'Bearer realm="offload"');
        throw new OffloadError(
          "OFFLOAD_UNAUTHORIZED",
          decision.credential === "invalid" ? `admin token in ${where}: does not match OFFLOAD_ADMIN_TOKEN` : `Authorization in ${where}: expected Bearer <OFFLOAD_ADMIN_TOKEN> or a session from /login`,
        );
      case "loopback-only": {
        const error = new OffloadError("OFFLOAD_LOOPBACK_ONLY", `client in ${where}: not on this machine, and OFFLOAD_ADMIN_TOKEN is not set`);
        if (!wantsHtml) throw error;
        return sendPage(reply, renderDeniedPage("Open to this machine only", "This dispatcher has no OFFLOAD_ADMIN_TOKEN, so its dashboard answers only browsers on its own machine.", error.remedy), 403);
      }
    }
  });
}
