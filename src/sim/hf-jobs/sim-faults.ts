/** When an injected failure strikes: before the request is handled, or after (the effect happens, the answer is lost). */
export interface FaultOptions {
  /** `after`: the request takes effect, then the client gets the failure (a create that "failed" but created). */
  readonly phase?: "before" | "after";
  /** Sent as a Retry-After header (seconds). */
  readonly retryAfterSeconds?: number;
}

export interface SimFault {
  readonly status: number;
  readonly phase: "before" | "after";
  readonly retryAfterSeconds: number | null;
}

/** Injected failures for the next matching requests. */
export interface SimFaults {
  failNext(match: { method?: string; path: RegExp }, status: number, count?: number, options?: FaultOptions): void;
  /** Takes one fault for this request, if any is armed for it. */
  take(method: string, path: string): SimFault | null;
}

export function createSimFaults(): SimFaults {
  const armed: { method: string | null; path: RegExp; fault: SimFault; left: number }[] = [];
  return {
    failNext(match, status, count = 1, options = {}) {
      const fault = { status, phase: options.phase ?? "before", retryAfterSeconds: options.retryAfterSeconds ?? null };
      armed.push({ method: match.method?.toUpperCase() ?? null, path: match.path, fault, left: count });
    },
    take(method, path) {
      const entry = armed.find((a) => (a.method === null || a.method === method) && a.path.test(path));
      if (entry === undefined) return null;
      entry.left -= 1;
      if (entry.left <= 0) armed.splice(armed.indexOf(entry), 1);
      return entry.fault;
    },
  };
}
