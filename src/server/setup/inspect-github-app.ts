import { accountName } from "../../github/list-installations.js";
import type { Secret } from "../../config/secret.js";
import { createGitHubClient } from "../../github/create-github-client.js";
import { toGitHubError } from "../../github/to-github-error.js";

/** One installation of the App and the permissions it granted. */
export interface AppInstallation {
  readonly id: number;
  readonly account: string;
  readonly permissions: Readonly<Record<string, string>>;
  readonly suspended: boolean;
}

/** What GitHub says about the App behind a key. */
export interface AppInspection {
  readonly slug: string;
  readonly name: string;
  readonly installations: readonly AppInstallation[];
  /** GitHub's `Date` header on `GET /app`, to compare clocks with (JWTs fail with skew). */
  readonly githubDate: string | null;
}

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
      githubDate: app.headers.date ?? null,
      installations: installations.map((installation) => ({
        id: installation.id,
        account: accountName(installation.account),
        permissions: { ...installation.permissions } as Record<string, string>,
        suspended: installation.suspended_at != null,
      })),
    };
  } catch (error) {
    throw toGitHubError(error, { method: "GET", path: "/app" });
  }
}

/** Whether an installation can register runners and read jobs (github-protocol.md §3.4). */
export function describeInstallationPermissions(permissions: Readonly<Record<string, string>>): { ok: boolean; missing: string[]; canCancel: boolean } {
  const runners = permissions["administration"] === "write" || permissions["organization_self_hosted_runners"] === "write";
  const actions = permissions["actions"] === "read" || permissions["actions"] === "write";
  const missing = [...(runners ? [] : ["administration: write (or organization_self_hosted_runners: write)"]), ...(actions ? [] : ["actions: read"])];
  return { ok: missing.length === 0, missing, canCancel: permissions["actions"] === "write" };
}
