import { RequestError } from "@octokit/request-error";
import { isOffloadError, OffloadError } from "../errors/offload-error.js";

const MAX_MESSAGE_LENGTH = 300;
/** Anything shaped like a GitHub token or a JWT, in case a server ever echoes one back. */
const CREDENTIAL_PATTERN = /\b(?:gh[pousr]_[A-Za-z0-9_]+|eyJ[\w-]+\.[\w-]+\.[\w-]*)/g;
const TOKEN_MINT_PATH = /\/app\/installations\/[^/]+\/access_tokens$/;

/** Which request failed, in words safe to show: method and path, with credentials already left out. */
export interface GitHubCall {
  readonly method: string;
  readonly path: string;
}

/**
 * Turns whatever Octokit threw into an `OffloadError`:
 * `<METHOD> '<path>' failed with <status>: <GitHub's message>`. The cause is the original error
 * (its `status` is what callers branch on, see `githubStatus`); Octokit already replaced the
 * Authorization header in it with `[REDACTED]`. A refused credential (any 401, or a 4xx when
 * minting an installation token) is `OFFLOAD_GITHUB_AUTH`; everything else `OFFLOAD_GITHUB_API`.
 */
export function toGitHubError(error: unknown, call: GitHubCall): OffloadError {
  if (isOffloadError(error)) return error;
  const minting = error instanceof RequestError && TOKEN_MINT_PATH.test(pathOf(error.request.url));
  const shown: GitHubCall = minting ? { method: error.request.method, path: pathOf(error.request.url) } : call;
  // Octokit reports a network failure or timeout as status 500 without a response.
  const status = error instanceof RequestError && error.response !== undefined ? error.status : null;
  // A mint refused with 4xx means the App's JWT or the installation is wrong; a 5xx is an outage.
  const refused = status === 401 || (minting && status !== null && status < 500);
  const code = refused ? "OFFLOAD_GITHUB_AUTH" : "OFFLOAD_GITHUB_API";
  const outcome = status === null ? `failed without an answer: ${describe(error)}` : `failed with ${status}: ${describe(error)}`;
  return new OffloadError(code, `${shown.method} '${shown.path}' ${outcome}`, { cause: error });
}

/** The HTTP status behind a GitHub failure (409 for a taken runner name), or `null` without one. */
export function githubStatus(error: unknown): number | null {
  const cause = isOffloadError(error) ? error.cause : error;
  return cause instanceof RequestError && cause.response ? cause.status : null;
}

function describe(error: unknown): string {
  const data = error instanceof RequestError ? error.response?.data : undefined;
  const message = isMessageBody(data) ? data.message : error instanceof Error ? error.message : "unknown error";
  const clean = message.replace(CREDENTIAL_PATTERN, "[redacted]").replace(/\s+/g, " ").trim();
  return clean.length > MAX_MESSAGE_LENGTH ? `${clean.slice(0, MAX_MESSAGE_LENGTH)}…` : clean;
}

function isMessageBody(data: unknown): data is { message: string } {
  return typeof data === "object" && data !== null && typeof (data as { message?: unknown }).message === "string";
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
