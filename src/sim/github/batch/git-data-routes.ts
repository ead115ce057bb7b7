import { createHash } from "node:crypto";
import type { Permission } from "../authenticate-request.js";
import { nodeId } from "../render-account.js";
import { answerError, type RouteTable, type SimAnswer } from "../route-table.js";
import type { SimContext } from "../sim-context.js";
import type { SimRepo } from "../sim-state.js";
import { withBatchRepo } from "./batch-access.js";
import type { BatchRepo, BatchSimState, TreeEntry } from "./batch-sim-state.js";

const CONTENTS_WRITE: Permission = { name: "contents", level: "write" };

/** A push: a branch ref now points at `sha`. The Actions side decides whether a workflow runs. */
export type OnPush = (repo: SimRepo, batchRepo: BatchRepo, branch: string, sha: string) => void;

/**
 * The Git Data API's write half: blobs, trees, commits and refs. Object ids are git's own
 * (SHA-1 over `<type> <size>\0<content>`) for blobs; trees and commits hash their JSON, which
 * is enough for identity. A tree keeps nested `path`s (`uploads/a/b.txt`) as given, which is how
 * `POST /git/trees` accepts them, rather than splitting them into sub-trees. As on GitHub, an
 * empty repository (created without `auto_init`) refuses Git Data writes with 409 "Git
 * Repository is empty.", so a client has to start from an initialised one.
 */
export function addGitDataRoutes(routes: RouteTable, context: SimContext, batch: BatchSimState, onPush: OnPush): void {
  const api = (repo: SimRepo): string => `${context.url}/repos/${repo.fullName}`;

  routes.add("POST", "/repos/{owner}/{repo}/git/blobs", (request) =>
    withBatchRepo(context, batch, request, CONTENTS_WRITE, ({ repo, batchRepo }) => {
      if (batchRepo.refs.size === 0) return answerError(409, "Git Repository is empty.");
      const body = request.body as { content: string; encoding?: string };
      const content = Buffer.from(body.content, body.encoding === "base64" ? "base64" : "utf8");
      const sha = gitHash("blob", content);
      batchRepo.blobs.set(sha, content);
      return { status: 201, body: { sha, url: `${api(repo)}/git/blobs/${sha}` } };
    }),
  );

  routes.add("POST", "/repos/{owner}/{repo}/git/trees", (request) =>
    withBatchRepo(context, batch, request, CONTENTS_WRITE, ({ repo, batchRepo }) => {
      const body = request.body as { tree: { path?: string; mode?: string; type?: string; sha?: string | null; content?: string }[]; base_tree?: string };
      const entries: TreeEntry[] = [...(body.base_tree === undefined ? [] : (batchRepo.trees.get(body.base_tree) ?? []))];
      for (const item of body.tree) {
        let sha = item.sha ?? undefined;
        if (sha === undefined && item.content !== undefined) {
          const content = Buffer.from(item.content, "utf8");
          sha = gitHash("blob", content);
          batchRepo.blobs.set(sha, content);
        }
        if (item.path === undefined || sha === undefined || !batchRepo.blobs.has(sha)) return answerError(422, "GitRPC::BadObjectState");
        const kept = entries.findIndex((entry) => entry.path === item.path);
        if (kept >= 0) entries.splice(kept, 1);
        entries.push({ path: item.path, mode: item.mode ?? "100644", type: "blob", sha });
      }
      const sha = gitHash("tree", Buffer.from(JSON.stringify(entries)));
      batchRepo.trees.set(sha, entries);
      const tree = entries.map((entry) => ({ ...entry, size: batchRepo.blobs.get(entry.sha)?.length ?? 0, url: `${api(repo)}/git/blobs/${entry.sha}` }));
      return { status: 201, body: { sha, url: `${api(repo)}/git/trees/${sha}`, tree, truncated: false } };
    }),
  );

  routes.add("POST", "/repos/{owner}/{repo}/git/commits", (request) =>
    withBatchRepo(context, batch, request, CONTENTS_WRITE, ({ repo, batchRepo }) => {
      const body = request.body as { message: string; tree: string; parents?: string[]; author?: { name: string; email: string } };
      if (!batchRepo.trees.has(body.tree)) return answerError(422, "Tree SHA does not exist");
      const parents = body.parents ?? [];
      if (parents.some((parent) => !batchRepo.commits.has(parent))) return answerError(422, "Parent SHA does not exist or is not a commit object");
      const sha = gitHash("commit", Buffer.from(JSON.stringify({ ...body, parents, at: context.clock.now() })));
      batchRepo.commits.set(sha, { tree: body.tree, parents, message: body.message });
      return { status: 201, body: renderCommit(api(repo), repo, sha, body.tree, parents, body.message, body.author, context.clock.iso()) };
    }),
  );

  routes.add("POST", "/repos/{owner}/{repo}/git/refs", (request) =>
    withBatchRepo(context, batch, request, CONTENTS_WRITE, ({ repo, batchRepo }) => {
      const body = request.body as { ref: string; sha: string };
      if (!body.ref.startsWith("refs/") || body.ref.split("/").length < 3) return answerError(422, "Reference name must start with 'refs/' and have at least two slashes.");
      if (batchRepo.refs.has(body.ref)) return answerError(422, "Reference already exists");
      if (!batchRepo.commits.has(body.sha)) return answerError(422, "Object does not exist");
      batchRepo.refs.set(body.ref, body.sha);
      batchRepo.pushedAt = context.clock.iso();
      if (body.ref.startsWith("refs/heads/")) onPush(repo, batchRepo, body.ref.slice("refs/heads/".length), body.sha);
      return { status: 201, body: renderRef(api(repo), body.ref, body.sha) };
    }),
  );

  routes.add("GET", "/repos/{owner}/{repo}/git/ref/{ref}", (request) =>
    withBatchRepo(context, batch, request, { name: "contents", level: "read" }, ({ repo, batchRepo }) => {
      const ref = `refs/${request.params["ref"] ?? ""}`;
      const sha = batchRepo.refs.get(ref);
      return sha === undefined ? answerError(404, "Not Found") : { status: 200, body: renderRef(api(repo), ref, sha) };
    }),
  );

  routes.add("PATCH", "/repos/{owner}/{repo}/git/refs/{ref}", (request) =>
    withBatchRepo(context, batch, request, CONTENTS_WRITE, ({ repo, batchRepo }) => {
      const ref = `refs/${request.params["ref"] ?? ""}`;
      const body = request.body as { sha: string; force?: boolean };
      const current = batchRepo.refs.get(ref);
      if (current === undefined) return answerError(422, "Reference does not exist");
      if (!batchRepo.commits.has(body.sha)) return answerError(422, "Object does not exist");
      const fastForward = batchRepo.commits.get(body.sha)?.parents.includes(current) === true;
      if (!fastForward && body.force !== true) return answerError(422, "Update is not a fast forward");
      batchRepo.refs.set(ref, body.sha);
      batchRepo.pushedAt = context.clock.iso();
      if (ref.startsWith("refs/heads/")) onPush(repo, batchRepo, ref.slice("refs/heads/".length), body.sha);
      return { status: 200, body: renderRef(api(repo), ref, body.sha) };
    }),
  );
}

function gitHash(type: string, content: Buffer): string {
  return createHash("sha1").update(`${type} ${content.length}\0`).update(content).digest("hex");
}

function renderRef(repoApi: string, ref: string, sha: string): Record<string, unknown> {
  return { ref, node_id: nodeId("REF", parseInt(sha.slice(0, 8), 16)), url: `${repoApi}/git/${ref}`, object: { type: "commit", sha, url: `${repoApi}/git/commits/${sha}` } };
}

function renderCommit(
  repoApi: string,
  repo: SimRepo,
  sha: string,
  tree: string,
  parents: readonly string[],
  message: string,
  author: { name: string; email: string } | undefined,
  at: string,
): SimAnswer["body"] {
  const person = { name: author?.name ?? repo.owner.login, email: author?.email ?? `${repo.owner.login}@users.noreply.github.com`, date: at };
  return {
    sha,
    node_id: nodeId("C", parseInt(sha.slice(0, 8), 16)),
    url: `${repoApi}/git/commits/${sha}`,
    html_url: `https://github.com/${repo.fullName}/commit/${sha}`,
    author: person,
    committer: person,
    tree: { sha: tree, url: `${repoApi}/git/trees/${tree}` },
    message,
    parents: parents.map((parent) => ({ sha: parent, url: `${repoApi}/git/commits/${parent}`, html_url: `https://github.com/${repo.fullName}/commit/${parent}` })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}
