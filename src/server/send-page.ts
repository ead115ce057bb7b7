import type { FastifyReply } from "fastify";
import type { SafeHtml } from "./dashboard/html.js";

/**
 * Everything a page loads comes from this server; inline SVG needs no exception. No inline
 * script or style is allowed, so an escaping slip cannot become script execution.
 */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
  "cache-control": "no-store",
};

/** Sends a rendered page (or fragment) with the security headers. */
export function sendPage(reply: FastifyReply, page: SafeHtml, status = 200): FastifyReply {
  return reply.status(status).headers(PAGE_SECURITY_HEADERS).type("text/html; charset=utf-8").send(page.value);
}
