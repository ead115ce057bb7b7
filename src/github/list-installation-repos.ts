import type { OffloadOctokitInstance } from "./offload-octokit.js";
import { toGitHubError } from "./to-github-error.js";

/** A repository one installation can read. */
export interface GitHubRepository {
  /** `owner/name` as GitHub spells it. */
  readonly fullName: string;
  readonly ownerType: "User" | "Organization";
}

/** `GET /installation/repositories`, every page (installation token). */
export async function listInstallationRepos(octokit: OffloadOctokitInstance): Promise<GitHubRepository[]> {
  try {
    const repositories = await octokit.paginate("GET /installation/repositories", { per_page: 100 });
    return repositories.map((repository) => ({
      fullName: repository.full_name,
      // Only organisations can hold org-level runners; anything else is treated as a user.
      ownerType: repository.owner.type === "Organization" ? "Organization" : "User",
    }));
  } catch (error) {
    throw toGitHubError(error, { method: "GET", path: "/installation/repositories" });
  }
}
