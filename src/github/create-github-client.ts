import { randomUUID } from "node:crypto";
import { createAppAuth } from "@octokit/auth-app";
import { pino, type Logger } from "pino";
import { systemClock, type Clock } from "../clock/clock.js";
import type { Secret } from "../config/secret.js";
import { createUndiciFetch } from "../http/create-undici-fetch.js";
import { createOctokitOptions, pinApiVersion, type OctokitSettings } from "./configure-octokit.js";
import { createInstallationAuth } from "./installation-auth.js";
import { createInstallationTokens, type MintedToken } from "./installation-tokens.js";
import { createJitRunner } from "./create-jit-runner.js";
import { createCheckRun, updateCheckRun } from "./check-runs.js";
import type { ChecksPort } from "./checks-port.js";
import { getRunFacts } from "./get-run-facts.js";
import { getJob } from "./get-job.js";
import type { GitHubPort } from "./github-port.js";
import { listRunners } from "./list-runners.js";
import { observeFetch, type RateLimitSnapshot } from "./observe-fetch.js";
import { LaunchOctokit, OffloadOctokit, type LaunchOctokitInstance, type OffloadOctokitInstance } from "./offload-octokit.js";
import { readAppPrivateKey } from "./read-app-private-key.js";
import { removeRunner } from "./remove-runner.js";
import { signAppJwt } from "./sign-app-jwt.js";
import { USER_AGENT } from "./user-agent.js";

/** How to reach GitHub as one App. */
export interface GitHubClientOptions {
  /** GITHUB_API_URL: `https://api.github.com`, a GHES `https://host/api/v3`, or a simulator. */
  readonly apiUrl: string;
  readonly appId: string;
  /** The App's PEM (PKCS#1 or PKCS#8), literal `\n` already turned into line breaks by config. */
  readonly privateKey: Secret;
  /** Signs JWTs and decides when an installation token is due for renewal. Default: system clock. */
  readonly clock?: Clock;
  readonly log?: Logger;
  /** Repeats after a 5xx or network error, and after a rate limit. Default 3. */
  readonly retries?: number;
  /** Unit of retry waits (retry n waits n² units; a rate limit waits its seconds × unit). Default 1000; tests pass 1. */
  readonly retryBaseDelayMs?: number;
  /** A request without an answer after this long fails (and may be retried). Default 30 000. */
  readonly requestTimeoutMs?: number;
}

/** The GitHub port plus what the server, poller and metrics need beyond it. */
export interface GitHubClient extends GitHubPort, ChecksPort {
  /** Authenticated as the App (JWT): `/app/*`, deliveries, installation look-ups. */
  appOctokit(): OffloadOctokitInstance;
  /** Authenticated as one installation (cached token, one per installation). */
  installationOctokit(installationId: number): OffloadOctokitInstance;
  /** The last `x-ratelimit-remaining` / reset seen on any response. */
  rateLimit(): RateLimitSnapshot;
  /** HTTP requests sent so far, token mints and retries included. */
  calls(): number;
}

/**
 * The real `GitHubPort`: Octokit with paginate, retry and throttling; App JWTs through
 * `createAppAuth`; installation tokens minted with the App's Octokit and cached per installation
 * until shortly before `expires_at` (see installation-tokens.ts for why not auth-app's cache).
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const clock = options.clock ?? systemClock;
  const log = (options.log ?? pino({ level: "silent" })).child({ component: "github" });
  const key = readAppPrivateKey(options.privateKey);
  const observed = observeFetch({ timeoutMs: options.requestTimeoutMs ?? 30_000, base: createUndiciFetch() });
  const settings: OctokitSettings = {
    apiUrl: options.apiUrl,
    userAgent: USER_AGENT,
    fetch: observed.fetch,
    log,
    retries: options.retries ?? 3,
    retryBaseDelayMs: options.retryBaseDelayMs ?? 1000,
    throttleId: `offload-${options.appId}-${randomUUID()}`,
  };

  const appOctokit = pinApiVersion(new OffloadOctokit({
    ...createOctokitOptions(settings),
    authStrategy: createAppAuth,
    auth: {
      appId: options.appId,
      createJwt: async (_appId: string | number, timeDifference?: number) =>
        signAppJwt({ appId: options.appId, key, clock, timeDifferenceSeconds: timeDifference }),
    },
  }));

  const mint = async (installationId: number): Promise<MintedToken> => {
    const { data } = await appOctokit.request("POST /app/installations/{installation_id}/access_tokens", { installation_id: installationId });
    return { token: data.token, expiresAt: data.expires_at };
  };
  const tokens = createInstallationTokens({ mint, clock, log });

  const installations = new Map<number, OffloadOctokitInstance>();
  const installationOctokit = (installationId: number): OffloadOctokitInstance => {
    let octokit = installations.get(installationId);
    if (!octokit) {
      octokit = pinApiVersion(new OffloadOctokit({
        ...createOctokitOptions(settings),
        authStrategy: createInstallationAuth,
        auth: { installationId, tokens, log: log.child({ installation: installationId }) },
      }));
      installations.set(installationId, octokit);
    }
    return octokit;
  };

  const launchers = new Map<number, LaunchOctokitInstance>();
  const launchOctokit = (installationId: number): LaunchOctokitInstance => {
    let octokit = launchers.get(installationId);
    if (!octokit) {
      const { retry: _retry, throttle: _throttle, ...options } = createOctokitOptions(settings);
      octokit = pinApiVersion(new LaunchOctokit({
        ...options,
        authStrategy: createInstallationAuth,
        auth: { installationId, tokens, log: log.child({ installation: installationId }) },
      }));
      launchers.set(installationId, octokit);
    }
    return octokit;
  };

  return {
    createJitRunner: (scope, request) => createJitRunner(launchOctokit(scope.installationId), scope, request),
    removeRunner: (scope, runnerId) => removeRunner(installationOctokit(scope.installationId), scope, runnerId),
    listRunners: (scope, listOptions) => listRunners(installationOctokit(scope.installationId), scope, listOptions),
    getJob: (installationId, repoFullName, jobId) => getJob(installationOctokit(installationId), repoFullName, jobId),
    createCheckRun: (installationId, repo, input) => createCheckRun(installationOctokit(installationId), repo, input),
    updateCheckRun: (installationId, repo, id, content) => updateCheckRun(installationOctokit(installationId), repo, id, content),
    getRunFacts: (installationId, repo, runId) => getRunFacts(installationOctokit(installationId), installationId, repo, runId),
    appOctokit: () => appOctokit,
    installationOctokit,
    rateLimit: observed.rateLimit,
    calls: observed.calls,
  };
}
