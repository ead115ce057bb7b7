import type { OctokitOptions } from "@octokit/core";
import type { Logger } from "pino";
import type { LaunchOctokitInstance, OffloadOctokitInstance } from "./offload-octokit.js";
import { createThrottleOptions } from "./throttle-options.js";

/** The REST API version every call pins (github-protocol.md, "Conventions"). */
export const GITHUB_API_VERSION = "2022-11-28";

/**
 * Statuses plugin-retry must not repeat. Its defaults plus 409 (a conflict repeats identically)
 * and 429 (a rate limit: plugin-throttling waits for `retry-after` instead of retry's 1-4-9 s).
 */
const DO_NOT_RETRY = [400, 401, 403, 404, 409, 410, 422, 429, 451];

/** What every Octokit of one client shares. */
export interface OctokitSettings {
  readonly apiUrl: string;
  readonly userAgent: string;
  readonly fetch: typeof globalThis.fetch;
  readonly log: Logger;
  readonly retries: number;
  readonly retryBaseDelayMs: number;
  readonly throttleId: string;
}

/** Constructor options for an `OffloadOctokit`: base URL, fetch, log, retry and throttling. */
export function createOctokitOptions(settings: OctokitSettings): OctokitOptions {
  const { log } = settings;
  return {
    baseUrl: settings.apiUrl.replace(/\/+$/, ""),
    userAgent: settings.userAgent,
    request: { fetch: settings.fetch },
    // Octokit's messages are free text; they go in a field under a constant message (STYLE §9).
    log: {
      debug: (detail: string) => log.debug({ detail }, "octokit"),
      info: (detail: string) => log.debug({ detail }, "octokit"),
      warn: (detail: string) => log.warn({ detail }, "octokit warning"),
      error: (detail: string) => log.error({ detail }, "octokit error"),
    },
    retry: { retries: settings.retries, retryAfterBaseValue: settings.retryBaseDelayMs, doNotRetry: DO_NOT_RETRY },
    throttle: createThrottleOptions({ id: settings.throttleId, log, retries: settings.retries, baseDelayMs: settings.retryBaseDelayMs }),
  };
}

/** Octokit core's default `accept`, the pre-2022 spelling of GitHub's media type. */
const LEGACY_ACCEPT = "application/vnd.github.v3+json";

/**
 * Pins the API version and GitHub's current media type on every request; core has no option for
 * default headers. An `accept` a caller chose on purpose (raw, diff) is left alone.
 */
export function pinApiVersion<T extends OffloadOctokitInstance | LaunchOctokitInstance>(octokit: T): T {
  octokit.hook.before("request", (options) => {
    options.headers["x-github-api-version"] = GITHUB_API_VERSION;
    if (options.headers.accept === LEGACY_ACCEPT) options.headers.accept = "application/vnd.github+json";
  });
  return octokit;
}
