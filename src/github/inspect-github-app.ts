import { accountName } from "./list-installations.js";
import type { Secret } from "../config/secret.js";
import { createGitHubClient } from "./create-github-client.js";
import { toGitHubError } from "./to-github-error.js";
import type { AppInspection } from "../probes/setup-probes.js";

/**
 * `GET /app` and `GET /app/installations` with the App's JWT: proves the id and key belong
 * together and shows where the App is installed. Fails fast (no retries): a person is waiting.
 * Throws an `OffloadError` (OFFLOAD_GITHUB_AUTH when the key is refused).
 */
export async function inspectGitHubApp(input: { apiUrl: string; appId: string; privateKey: Secret; timeoutMs?: number }): Promise<AppInspection> {
  const github = createGitHubClient({ apiUrl: input.apiUrl, appId: input.appId, privateKey: input.privateKey, retries: 0, requestTimeoutMs: input.timeoutMs ?? 10_000 });
  const octokit = github.appOctokit();
  try {
    const app = await octokit.request("GET /app");
    const installations = await octokit.paginate("GET /app/installations", { per_page: 100 });
    return {
      slug: app.data?.slug ?? "",
      name: app.data?.name ?? "",
      owner: readOwner(app.data?.owner),
      githubDate: app.headers.date ?? null,
      installations: installations.map((installation) => ({
        id: installation.id,
        account: accountName(installation.account),
        accountType: readOwner(installation.account).type,
        permissions: { ...installation.permissions } as Record<string, string>,
        suspended: installation.suspended_at != null,
      })),
    };
  } catch (error) {
    throw toGitHubError(error, { method: "GET", path: "/app" });
  }
}

function readOwner(account: unknown): { login: string; type: string } {
  const type = typeof account === "object" && account !== null && typeof (account as { type?: unknown }).type === "string" ? (account as { type: string }).type : "User";
  return { login: accountName(account), type };
}
