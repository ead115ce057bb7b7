import type { Secret } from "../config/secret.js";
import { toGitHubError } from "../github/to-github-error.js";
import type { BatchMember } from "./batch-members.js";
import { createBatchRepoName } from "./batch-repo-name.js";
import type { BatchRecord } from "./batch-store.js";
import { commitBatchFiles, type BatchFile } from "./commit-batch-files.js";
import type { BatchGitHub } from "./batch-github.js";
import { renderBatchWorkflow, SCRIPT_PATH, WORKFLOW_PATH } from "./render-batch-workflow.js";
import { sealSecret } from "./seal-secret.js";

/** Everything `offload batch submit|run` sends. */
export interface BatchSubmission {
  readonly apiUrl: string;
  readonly owner?: string;
  readonly script: Uint8Array;
  readonly files: readonly { path: string; content: Uint8Array }[];
  readonly runsOn: string;
  readonly env: Readonly<Record<string, string>>;
  readonly secrets: readonly { name: string; value: Secret }[];
  readonly members: readonly BatchMember[] | null;
  readonly timeoutMs: number;
  readonly keep: boolean;
  readonly now: Date;
}

/**
 * Creates the private repository, sets the secrets (sealed boxes), and commits the script, the
 * extra files and the workflow in one commit whose push starts the run. If any step after the
 * repository exists fails, the repository is deleted before the error is thrown (unless
 * `keep`), so a refused secret does not leave a repository behind.
 */
export async function submitBatch(github: BatchGitHub, input: BatchSubmission): Promise<BatchRecord> {
  const { octokit, identity } = github;
  const name = createBatchRepoName(input.now);
  const owner = input.owner ?? identity.login;
  const forUser = identity.type === "User" && owner.toLowerCase() === identity.login.toLowerCase();
  const settings = { name, private: true, auto_init: true, description: "offload batch job (temporary; offload batch gc removes it)", has_issues: false, has_wiki: false, has_projects: false };
  const path = forUser ? "/user/repos" : `/orgs/${owner}/repos`;
  let branch: string;
  try {
    const created = forUser
      ? await octokit.request("POST /user/repos", settings)
      : await octokit.request("POST /orgs/{org}/repos", { org: owner, ...settings });
    branch = created.data.default_branch;
  } catch (error) {
    throw toGitHubError(error, { method: "POST", path });
  }
  try {
    await setSecrets(github, owner, name, input.secrets);
    const workflow = renderBatchWorkflow({
      runsOn: input.runsOn,
      branch,
      env: input.env,
      secretNames: input.secrets.map((secret) => secret.name),
      members: input.members,
      timeoutMinutes: Math.max(1, Math.ceil(input.timeoutMs / 60_000)),
    });
    const files: BatchFile[] = [
      { path: SCRIPT_PATH, content: input.script, executable: true },
      ...input.files.map((file) => ({ ...file, executable: false })),
      { path: WORKFLOW_PATH, content: Buffer.from(workflow), executable: false },
    ];
    const headSha = await commitBatchFiles(octokit, { owner, name, branch }, files, "offload batch job");
    return {
      id: name, apiUrl: input.apiUrl, owner, repo: name, branch, headSha, runId: null, runsOn: input.runsOn,
      members: input.members?.map((member) => member.index) ?? null, secretNames: input.secrets.map((secret) => secret.name),
      keep: input.keep, submittedAt: input.now.toISOString(), conclusion: null, exitCode: null, deleted: false,
    };
  } catch (error) {
    if (!input.keep) await octokit.request("DELETE /repos/{owner}/{repo}", { owner, repo: name }).catch(() => undefined);
    throw error;
  }
}

async function setSecrets(github: BatchGitHub, owner: string, repo: string, secrets: BatchSubmission["secrets"]): Promise<void> {
  if (secrets.length === 0) return;
  const { octokit } = github;
  const keyPath = `/repos/${owner}/${repo}/actions/secrets/public-key`;
  const key = await octokit.request("GET /repos/{owner}/{repo}/actions/secrets/public-key", { owner, repo }).catch((error: unknown) => {
    throw toGitHubError(error, { method: "GET", path: keyPath });
  });
  for (const secret of secrets) {
    const encrypted = await sealSecret(secret.value.reveal(), key.data.key);
    await octokit
      .request("PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}", { owner, repo, secret_name: secret.name, encrypted_value: encrypted, key_id: key.data.key_id })
      .catch((error: unknown) => {
        throw toGitHubError(error, { method: "PUT", path: `/repos/${owner}/${repo}/actions/secrets/${secret.name}` });
      });
  }
}
