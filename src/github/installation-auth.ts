import type { Octokit } from "@octokit/core";
import { RequestError } from "@octokit/request-error";
import type { Logger } from "pino";
import type { InstallationTokens } from "./installation-tokens.js";

type RequestInterface = Octokit["request"];
/** The merged endpoint options core passes to an auth hook (only the fields we touch are named). */
type Endpoint = { method: string; url: string; headers: Record<string, string | number | undefined>; [option: string]: unknown };
type Response = Awaited<ReturnType<RequestInterface>>;

/** What Octokit core hands to an `authStrategy`: our options under `auth`, plus its own fields. */
export interface InstallationAuthOptions {
  readonly installationId: number;
  readonly tokens: InstallationTokens;
  /** Already carries the installation id as a field. */
  readonly log: Logger;
}

/** Octokit's auth-strategy shape: `auth()` for callers, `hook` wrapped around every request. */
export interface InstallationAuth {
  (): Promise<{ type: "token"; tokenType: "installation"; installationId: number }>;
  hook(request: RequestInterface, options: Endpoint): Promise<Response>;
}

/**
 * The auth strategy of a per-installation Octokit: sends the cached installation token and, when
 * GitHub answers 401 (revoked, expired early, clocks apart), drops it and repeats the request
 * once with a fresh one. auth-app's own hook only retries a 401 within 5 s of minting (token
 * replication delay) and never re-mints, so it cannot recover a token GitHub stopped accepting.
 */
export function createInstallationAuth(options: InstallationAuthOptions): InstallationAuth {
  const { installationId, tokens, log } = options;
  const auth = async () => ({ type: "token" as const, tokenType: "installation" as const, installationId });

  // Core wraps this around every request and always calls it with merged endpoint options.
  const hook = async (request: RequestInterface, endpoint: Endpoint): Promise<Response> => {
    const first = await tokens.get(installationId);
    try {
      return await request({ ...endpoint, headers: { ...endpoint.headers, authorization: `token ${first.reveal()}` } });
    } catch (error) {
      if (!(error instanceof RequestError) || error.status !== 401) throw error;
      tokens.invalidate(installationId, first);
      log.warn("installation token refused; retrying once with a new one");
      const fresh = await tokens.get(installationId);
      return request({ ...endpoint, headers: { ...endpoint.headers, authorization: `token ${fresh.reveal()}` } });
    }
  };

  return Object.assign(auth, { hook });
}
