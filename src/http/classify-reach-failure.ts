/** Why a host could not be talked to at all, before any HTTP answer. */
export interface ReachFailure {
  readonly kind: "dns" | "connect" | "tls" | "timeout";
  /** The system's or undici's code, e.g. `ENOTFOUND`, `ECONNREFUSED`, `CERT_HAS_EXPIRED`. */
  readonly code: string;
}

const DNS = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "EAI_NONAME"]);
const CONNECT = new Set(["ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "UND_ERR_SOCKET", "EPIPE"]);
const TIMEOUT = new Set(["ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "TimeoutError", "AbortError"]);
/** OpenSSL's verification codes and Node's TLS errors (node:tls docs, "X509 certificate error codes"). */
const TLS = /^(?:CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_|ERR_SSL_|EPROTO$|HOSTNAME_MISMATCH)/;

function codeOf(error: object): string | null {
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (typeof code === "string") return code;
  return name === "TimeoutError" || name === "AbortError" ? name : null;
}

/**
 * Walks an error's `cause` chain (Octokit → fetch → undici → the socket) for the code that says
 * the host was never reached: DNS, connection, TLS or a timeout. Null when something answered, or
 * the failure is of another kind (a refused credential is an HTTP status, not this).
 */
export function classifyReachFailure(error: unknown): ReachFailure | null {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const code = codeOf(current);
    if (code !== null) {
      if (DNS.has(code)) return { kind: "dns", code };
      if (CONNECT.has(code)) return { kind: "connect", code };
      if (TIMEOUT.has(code)) return { kind: "timeout", code };
      if (TLS.test(code)) return { kind: "tls", code };
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** What to tell a person about an unreachable host, by kind. */
export function describeReachFailure(host: string, failure: ReachFailure): { detail: string; fix: string } {
  switch (failure.kind) {
    case "dns":
      return { detail: `cannot reach ${host}: its name does not resolve (${failure.code})`, fix: `Check the host name in the URL setting, and this machine's DNS (getent hosts <host>).` };
    case "connect":
      return { detail: `cannot reach ${host}: the connection was refused or dropped (${failure.code})`, fix: `Check the URL's host and port, and any firewall between this machine and it.` };
    case "tls":
      return { detail: `cannot reach ${host}: the TLS handshake failed (${failure.code})`, fix: `Check the URL's scheme and port; for a server with a private CA (GitHub Enterprise Server), set NODE_EXTRA_CA_CERTS to its CA file.` };
    case "timeout":
      return { detail: `cannot reach ${host}: no answer in time (${failure.code})`, fix: `Check that the host is up and that no firewall drops the traffic.` };
  }
}
