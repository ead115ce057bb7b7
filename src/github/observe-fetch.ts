/** What the client last learned about its REST budget; `null` until a response carried it. */
export interface RateLimitSnapshot {
  /** `x-ratelimit-remaining` of the most recent response that had it. */
  readonly remaining: number | null;
  /** `x-ratelimit-reset` of that response, in milliseconds since the epoch. */
  readonly resetAt: number | null;
}

/** A fetch that counts calls, records rate-limit headers and gives up after a timeout. */
export interface ObservedFetch {
  readonly fetch: typeof globalThis.fetch;
  calls(): number;
  rateLimit(): RateLimitSnapshot;
}

/**
 * Wraps the fetch (by default the global one) that Octokit calls for every HTTP request (token minting included), so
 * `calls()` counts what really went over the wire, retries too. The timeout turns a hung
 * connection into a network error that plugin-retry can retry, instead of a call that never ends.
 */
export function observeFetch(options: { timeoutMs: number; base?: typeof globalThis.fetch }): ObservedFetch {
  const base = options.base ?? globalThis.fetch;
  let calls = 0;
  let snapshot: RateLimitSnapshot = { remaining: null, resetAt: null };

  const fetch: typeof globalThis.fetch = async (input, init) => {
    calls += 1;
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const response = await base(input, { ...init, signal });
    snapshot = readRateLimit(response.headers, snapshot);
    return response;
  };

  return { fetch, calls: () => calls, rateLimit: () => snapshot };
}

function readRateLimit(headers: Headers, previous: RateLimitSnapshot): RateLimitSnapshot {
  const remaining = parseCount(headers.get("x-ratelimit-remaining"));
  if (remaining === null) return previous;
  const reset = parseCount(headers.get("x-ratelimit-reset"));
  return { remaining, resetAt: reset === null ? null : reset * 1000 };
}

function parseCount(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  return Number(value);
}
