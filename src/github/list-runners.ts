import type { GitHubRunner } from "./github-port.js";
import type { OffloadOctokitInstance } from "./offload-octokit.js";
import type { RunnerScope } from "../policy/runner-scope.js";
import { runnersPath } from "./runners-path.js";
import { toGitHubError } from "./to-github-error.js";

/** The fields of GitHub's `runner` object we read. */
interface RawRunner {
  readonly id: number;
  readonly name: string;
  readonly status: string;
  readonly busy: boolean;
  readonly labels: readonly { readonly name: string }[];
}

/** `GET .../actions/runners`, every page (100 a page, the maximum), optionally filtered by name. */
export async function listRunners(
  octokit: OffloadOctokitInstance,
  scope: RunnerScope,
  options: { name?: string } = {},
): Promise<GitHubRunner[]> {
  const query = { per_page: 100, ...(options.name === undefined ? {} : { name: options.name }) };
  try {
    const runners: RawRunner[] = scope.kind === "repo"
      ? await octokit.paginate("GET /repos/{owner}/{repo}/actions/runners", { owner: scope.owner, repo: scope.repo, ...query })
      : await octokit.paginate("GET /orgs/{org}/actions/runners", { org: scope.owner, ...query });
    return runners.map(toGitHubRunner);
  } catch (error) {
    throw toGitHubError(error, { method: "GET", path: runnersPath(scope) });
  }
}

/** GitHub's `status` is a free string; anything but "online" means the runner cannot take a job now. */
export function toGitHubRunner(raw: RawRunner): GitHubRunner {
  return {
    id: raw.id,
    name: raw.name,
    status: raw.status === "online" ? "online" : "offline",
    busy: raw.busy,
    labels: raw.labels.map((label) => label.name),
  };
}
