import type { OffloadOctokitInstance } from "../github/offload-octokit.js";
import { toGitHubError } from "../github/to-github-error.js";

/** A file for the batch commit. */
export interface BatchFile {
  readonly path: string;
  readonly content: Uint8Array;
  readonly executable: boolean;
}

/**
 * Commits every file in one commit through the Git Data API (blobs, one tree, one commit) on top
 * of `branch`, then moves the branch: that ref update is the push that starts the workflow.
 * GitHub refuses Git Data writes on an empty repository (409 "Git Repository is empty."), which
 * is why the repository is created with `auto_init`.
 */
export async function commitBatchFiles(octokit: OffloadOctokitInstance, repo: { owner: string; name: string; branch: string }, files: readonly BatchFile[], message: string): Promise<string> {
  const base = { owner: repo.owner, repo: repo.name };
  const call = async <T>(method: string, path: string, send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (error) {
      throw toGitHubError(error, { method, path });
    }
  };
  const head = await call("GET", `/repos/${repo.owner}/${repo.name}/git/ref/heads/${repo.branch}`, () =>
    octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...base, ref: `heads/${repo.branch}` }));
  // The blobs are independent: sent together, the commit waits for one round trip, not one per file.
  const tree = await Promise.all(
    files.map(async (file) => {
      const blob = await call("POST", `/repos/${repo.owner}/${repo.name}/git/blobs`, () =>
        octokit.request("POST /repos/{owner}/{repo}/git/blobs", { ...base, content: Buffer.from(file.content).toString("base64"), encoding: "base64" }));
      return { path: file.path, mode: file.executable ? ("100755" as const) : ("100644" as const), type: "blob" as const, sha: blob.data.sha };
    }),
  );
  const created = await call("POST", `/repos/${repo.owner}/${repo.name}/git/trees`, () => octokit.request("POST /repos/{owner}/{repo}/git/trees", { ...base, tree }));
  const commit = await call("POST", `/repos/${repo.owner}/${repo.name}/git/commits`, () =>
    octokit.request("POST /repos/{owner}/{repo}/git/commits", { ...base, message, tree: created.data.sha, parents: [head.data.object.sha] }));
  await call("PATCH", `/repos/${repo.owner}/${repo.name}/git/refs/heads/${repo.branch}`, () =>
    octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", { ...base, ref: `heads/${repo.branch}`, sha: commit.data.sha }));
  return commit.data.sha;
}
