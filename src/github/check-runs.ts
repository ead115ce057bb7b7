import type { CheckRunContent } from "./checks-port.js";
import type { OffloadOctokitInstance } from "./offload-octokit.js";
import { toGitHubError } from "./to-github-error.js";

/** GitHub's limit on a check run's summary and text (REST docs: "Maximum length: 65535 characters"). */
const MAX_TEXT = 65_535;

function body(content: CheckRunContent): Record<string, unknown> {
  return {
    status: content.status,
    ...(content.conclusion === undefined ? {} : { conclusion: content.conclusion }),
    ...(content.detailsUrl === undefined ? {} : { details_url: content.detailsUrl }),
    output: { title: content.title.slice(0, 255), summary: content.summary.slice(0, MAX_TEXT) },
    ...(content.actions === undefined ? {} : { actions: content.actions.slice(0, 3).map((a) => ({ label: a.label.slice(0, 20), description: a.description.slice(0, 40), identifier: a.identifier.slice(0, 20) })) }),
  };
}

/** `POST /repos/{owner}/{repo}/check-runs` on the job's head commit. */
export async function createCheckRun(octokit: OffloadOctokitInstance, repoFullName: string, input: CheckRunContent & { name: string; headSha: string; externalId: string }): Promise<{ id: number }> {
  const [owner = "", repo = ""] = repoFullName.split("/");
  try {
    const { data } = await octokit.request("POST /repos/{owner}/{repo}/check-runs", { owner, repo, name: input.name, head_sha: input.headSha, external_id: input.externalId, ...body(input) } as never);
    return { id: Number((data as { id: number | bigint }).id) };
  } catch (error) {
    throw toGitHubError(error, { method: "POST", path: `/repos/${repoFullName}/check-runs` });
  }
}

/** `PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}`. */
export async function updateCheckRun(octokit: OffloadOctokitInstance, repoFullName: string, checkRunId: number, content: CheckRunContent): Promise<void> {
  const [owner = "", repo = ""] = repoFullName.split("/");
  try {
    await octokit.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", { owner, repo, check_run_id: checkRunId, ...body(content) } as never);
  } catch (error) {
    throw toGitHubError(error, { method: "PATCH", path: `/repos/${repoFullName}/check-runs/${checkRunId}` });
  }
}
