import type { OffloadOctokitInstance } from "./offload-octokit.js";
import { toGitHubError } from "./to-github-error.js";

/** One installation of the App: where it may read runs and register runners. */
export interface GitHubInstallation {
  readonly id: number;
  /** The account (user or organisation) it is installed on. */
  readonly account: string;
}

/** `GET /app/installations`, every page (App JWT). Suspended installations answer 403 to everything, so they are left out. */
export async function listInstallations(appOctokit: OffloadOctokitInstance): Promise<GitHubInstallation[]> {
  try {
    const installations = await appOctokit.paginate("GET /app/installations", { per_page: 100 });
    return installations
      .filter((installation) => installation.suspended_at == null)
      .map((installation) => ({ id: installation.id, account: accountName(installation.account) }));
  } catch (error) {
    throw toGitHubError(error, { method: "GET", path: "/app/installations" });
  }
}

/** An installation's account is a user (`login`) or an enterprise (`slug`). */
export function accountName(account: unknown): string {
  if (typeof account !== "object" || account === null) return "";
  const { login, slug } = account as { login?: unknown; slug?: unknown };
  return typeof login === "string" ? login : typeof slug === "string" ? slug : "";
}
