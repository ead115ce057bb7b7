import { randomUUID } from "node:crypto";
import { pino, type Logger } from "pino";
import { OffloadError } from "../errors/offload-error.js";
import { createUndiciFetch } from "../http/create-undici-fetch.js";
import { createOctokitOptions, pinApiVersion } from "../github/configure-octokit.js";
import { createGitHubClient } from "../github/create-github-client.js";
import { OffloadOctokit } from "../github/offload-octokit.js";
import { toGitHubError } from "../github/to-github-error.js";
import { USER_AGENT } from "../github/user-agent.js";
import type { BatchAuth, BatchGitHub } from "../batch/batch-github.js";

export type { BatchAuth, BatchGitHub, BatchIdentity } from "../batch/batch-github.js";

/**
 * An Octokit for batch (paginate, retry, throttling, the pinned API version) at `apiUrl`
 * (api.github.com, a GHES `/api/v3` or the simulator). With a token, the identity is `GET /user`.
 * With an App, the installation on `owner` (or the App's only installation) is found through
 * `GET /app/installations` and its token minted and renewed as the dispatcher does.
 */
export async function connectBatchGitHub(input: { apiUrl: string; auth: BatchAuth; owner?: string; log?: Logger; retryBaseDelayMs?: number }): Promise<BatchGitHub> {
  const log = input.log ?? pino({ level: "silent" });
  if (input.auth.kind === "app") return connectAsApp(input.apiUrl, input.auth, input.owner, log);
  const octokit = pinApiVersion(new OffloadOctokit({
    ...createOctokitOptions({
      apiUrl: input.apiUrl,
      userAgent: USER_AGENT,
      fetch: createUndiciFetch(),
      log,
      retries: 3,
      retryBaseDelayMs: input.retryBaseDelayMs ?? 1000,
      throttleId: `offload-batch-${randomUUID()}`,
    }),
    auth: input.auth.token.reveal(),
  }));
  try {
    const { data } = await octokit.request("GET /user");
    return { octokit, identity: { login: data.login, type: "User" } };
  } catch (error) {
    throw toGitHubError(error, { method: "GET", path: "/user" });
  }
}

async function connectAsApp(apiUrl: string, auth: Extract<BatchAuth, { kind: "app" }>, owner: string | undefined, log: Logger): Promise<BatchGitHub> {
  const client = createGitHubClient({ apiUrl, appId: auth.appId, privateKey: auth.privateKey, log });
  let installations: { id: number; account: { login?: string; type?: string } | null }[];
  try {
    installations = (await client.appOctokit().paginate("GET /app/installations", { per_page: 100 })) as typeof installations;
  } catch (error) {
    throw toGitHubError(error, { method: "GET", path: "/app/installations" });
  }
  const chosen = owner === undefined
    ? (installations.length === 1 ? installations[0] : undefined)
    : installations.find((installation) => installation.account?.login?.toLowerCase() === owner.toLowerCase());
  if (chosen === undefined) {
    const known = installations.map((installation) => installation.account?.login ?? "?").join(", ") || "none";
    throw new OffloadError("OFFLOAD_BATCH_AUTH", `No installation of App ${auth.appId} for '${owner ?? "(no --owner)"}' in GitHub: installed on ${known}`);
  }
  const login = chosen.account?.login ?? owner ?? "";
  return { octokit: client.installationOctokit(chosen.id), identity: { login, type: chosen.account?.type === "Organization" ? "Organization" : "User" } };
}
