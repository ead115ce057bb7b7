/** Where the public URL came from, shown to the user so a wrong guess can be corrected. */
export type PublicUrlSource = "OFFLOAD_PUBLIC_URL" | "proxy headers" | "SPACE_HOST" | "request";

/** What is known about how this request reached the dispatcher. */
export interface RequestOrigin {
  readonly publicUrl: string | null;
  readonly spaceHost: string | null;
  readonly forwardedProto: string | undefined;
  readonly forwardedHost: string | undefined;
  /** The request's own Host header. */
  readonly host: string | undefined;
}

/** A host name or address with an optional port; anything else (spaces, slashes, `@`) is not a host. */
const HOST_PATTERN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The first value of a header a chain of proxies may have appended to (`a, b`). */
function first(value: string | undefined): string | undefined {
  return value?.split(",")[0]?.trim() || undefined;
}

function isHost(value: string | undefined): value is string {
  return value !== undefined && HOST_PATTERN.test(value);
}

/**
 * The base URL GitHub should use to reach this dispatcher: OFFLOAD_PUBLIC_URL when set, else
 * what a reverse proxy says (`X-Forwarded-Proto` / `X-Forwarded-Host`), else the Hugging Face
 * Space host (always https), else the request's own Host. The page shows the result and its
 * source, so a person confirms it before GitHub is told.
 */
export function derivePublicUrl(origin: RequestOrigin): { url: string; source: PublicUrlSource } {
  if (origin.publicUrl !== null) return { url: origin.publicUrl.replace(/\/+$/, ""), source: "OFFLOAD_PUBLIC_URL" };
  const forwardedHost = first(origin.forwardedHost);
  const forwardedProto = first(origin.forwardedProto)?.toLowerCase();
  if (isHost(forwardedHost)) {
    const proto = forwardedProto === "http" ? "http" : "https";
    return { url: `${proto}://${forwardedHost}`, source: "proxy headers" };
  }
  if (isHost(origin.spaceHost ?? undefined)) return { url: `https://${origin.spaceHost}`, source: "SPACE_HOST" };
  const host = isHost(origin.host) ? origin.host : "127.0.0.1";
  const proto = forwardedProto === "https" ? "https" : "http";
  return { url: `${proto}://${host}`, source: "request" };
}
