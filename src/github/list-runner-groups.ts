import type { OffloadOctokitInstance } from "./offload-octokit.js";
import { toGitHubError } from "./to-github-error.js";

/** A runner group of an organisation: what a label rule's `runnerGroup` name resolves to. */
export interface RunnerGroup {
  readonly id: number;
  readonly name: string;
}

/**
 * `GET /orgs/{org}/actions/runner-groups`, every page. The list answer wraps its items
 * (`{ total_count, runner_groups: [...] }`); Octokit's paginate unwraps such answers itself.
 * Needs the App permission `organization_self_hosted_runners: read`.
 */
export async function listRunnerGroups(octokit: OffloadOctokitInstance, organisation: string): Promise<RunnerGroup[]> {
  try {
    const groups: { id: number; name: string }[] = await octokit.paginate("GET /orgs/{org}/actions/runner-groups", { org: organisation, per_page: 100 });
    return groups.map((group) => ({ id: group.id, name: group.name }));
  } catch (error) {
    throw toGitHubError(error, { method: "GET", path: `/orgs/${organisation}/actions/runner-groups` });
  }
}
