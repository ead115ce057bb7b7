import { lookup } from "node:dns/promises";
import { classifyAddress } from "./classify-address.js";
import { PUBLIC_URL_FIX } from "./public-url-fix.js";

export { PUBLIC_URL_FIX } from "./public-url-fix.js";

/** Whether a URL answered, and how. */
export interface ReachabilityCheck {
  readonly ok: boolean;
  readonly detail: string;
}


/** Resolves a name to all its addresses (`dns.lookup`, as the HTTP client would). */
export type LookupAll = (host: string) => Promise<readonly string[]>;

const lookupAll: LookupAll = async (host) => (await lookup(host, { all: true })).map((entry) => entry.address);

/**
 * First refuses addresses GitHub can never reach (loopback, private, link-local, names that only
 * resolve here, or names whose every address is such): a ✓ for `http://127.0.0.1:7860` would be a
 * lie. Then fetches `<base>/healthz` from here: that proves the public address resolves and
 * reaches an offload dispatcher, not that GitHub's side can reach it (GitHub's view is the App's
 * "Advanced" tab).
 */
export async function checkUrlReachable(base: string, options: { fetch?: typeof fetch; timeoutMs?: number; lookup?: LookupAll } = {}): Promise<ReachabilityCheck> {
  const url = `${base.replace(/\/+$/, "")}/healthz`;
  const host = new URL(url).hostname;
  const own = classifyAddress(host);
  if (own !== null) return { ok: false, detail: `${host} is a ${own} address, which GitHub cannot reach: ${PUBLIC_URL_FIX}` };
  const addresses = await (options.lookup ?? lookupAll)(host).catch(() => [] as string[]);
  const kinds = addresses.map((address) => classifyAddress(address));
  if (kinds.length > 0 && kinds.every((kind) => kind !== null)) {
    return { ok: false, detail: `${host} resolves only to ${kinds[0]} addresses (${addresses.join(", ")}), which GitHub cannot reach: ${PUBLIC_URL_FIX}` };
  }
  try {
    const response = await (options.fetch ?? fetch)(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 5000), redirect: "manual" });
    const body = (await response.json().catch(() => null)) as { status?: unknown } | null;
    if (response.ok && typeof body?.status === "string") return { ok: true, detail: `${url} answered ${response.status} (${body.status})` };
    return { ok: false, detail: `${url} answered ${response.status}, not offload's health check` };
  } catch (error) {
    const reason = (error as { cause?: { code?: string; message?: string } }).cause;
    const cause = reason?.code ?? reason?.message ?? (error as Error).name;
    return { ok: false, detail: `${url} did not answer (${cause})` };
  }
}
