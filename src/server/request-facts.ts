import type { FastifyRequest } from "fastify";

/**
 * True when the browser asked for a page: it lists text/html, and ranks it at least as high as
 * JSON. curl (`*\/*`), fetch and API clients get JSON.
 */
export function prefersHtml(accept: string | undefined): boolean {
  const ranks = new Map<string, number>();
  for (const part of (accept ?? "").split(",")) {
    const [type, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
    if (type) ranks.set(type, q === undefined ? 1 : Number(q));
  }
  const htmlRank = ranks.get("text/html") ?? 0;
  return htmlRank > 0 && htmlRank >= (ranks.get("application/json") ?? 0);
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;
const PROXY_HEADERS = ["x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-host"];

/**
 * True when the client is on this machine. A request that came through a proxy is never local,
 * even when the proxy itself runs here (an HF Space's or a local nginx): otherwise the whole
 * internet would look like loopback behind it.
 */
export function isLocalRequest(request: FastifyRequest): boolean {
  if (PROXY_HEADERS.some((name) => request.headers[name] !== undefined)) return false;
  return LOOPBACK.test(request.raw.socket.remoteAddress ?? "");
}

/** True when the browser reached us over https (directly, or as the proxy in front says). */
export function isHttps(request: FastifyRequest): boolean {
  const forwarded = request.headers["x-forwarded-proto"];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  return request.protocol === "https" || proto === "https";
}

/** The request's path without its query. */
export function pathOf(request: FastifyRequest): string {
  return request.url.split("?")[0] ?? "/";
}
