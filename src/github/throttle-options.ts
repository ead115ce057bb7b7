import type { ThrottlingOptions } from "@octokit/plugin-throttling";
import type { Logger } from "pino";

/** Waits longer than this (a primary limit resetting in 40 minutes) fail now; the reconciler retries later. */
export const MAX_RATE_LIMIT_WAIT_SECONDS = 120;

type LimiterGroup = NonNullable<ThrottlingOptions["write"]>;

/**
 * plugin-throttling's options for one client. Two departures from its defaults:
 *
 * - Writes are not serialised. Its default `write` group runs one POST/DELETE at a time, 1 s apart
 *   (dist-src/index.js), i.e. 60 JIT configs a minute per process, a third of GitHub's ~180/min
 *   burst budget (900 points/min, 5 per POST). Writes still share the plugin's `global` group
 *   (10 concurrent per `id`), far under GitHub's 100 concurrent requests.
 * - `id` is per client, so two clients in one process (tests, two Apps) never share a queue: the
 *   plugin keeps its limiter groups in module state keyed by `id`.
 *
 * Rate limits are honoured: after a 403/429 the request waits `retry-after` (secondary) or until
 * `x-ratelimit-reset` (primary) and is retried up to `retries` times, with a warning naming the wait.
 */
export function createThrottleOptions(input: {
  id: string;
  log: Logger;
  retries: number;
  baseDelayMs: number;
}): ThrottlingOptions {
  const onLimit = (kind: "primary" | "secondary") =>
    (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      const willRetry = retryCount < input.retries && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS;
      input.log.warn(
        { kind, method: options.method, route: options.url, waitSeconds: retryAfter, retryCount, willRetry },
        "github rate limit reached",
      );
      return willRetry;
    };
  return {
    id: input.id,
    retryAfterBaseValue: input.baseDelayMs,
    write: createPassThroughGroup(),
    onRateLimit: onLimit("primary"),
    onSecondaryRateLimit: onLimit("secondary"),
  };
}

/**
 * A stand-in for a Bottleneck group that schedules at once. The plugin only ever calls
 * `group.key(id).schedule(options, fn, ...args)` on it (dist-src/wrap-request.js), which this
 * implements; the cast names the plugin's declared type without depending on bottleneck ourselves.
 */
function createPassThroughGroup(): LimiterGroup {
  const limiter = {
    schedule: (_options: unknown, task: (...args: unknown[]) => unknown, ...args: unknown[]) =>
      Promise.resolve().then(() => task(...args)),
  };
  return { key: () => limiter } as unknown as LimiterGroup;
}
