import { join } from "node:path";
import { unzipSync } from "fflate";
import type { OffloadOctokitInstance } from "../github/offload-octokit.js";
import { toGitHubError } from "../github/to-github-error.js";
import { unzipSafely, type UnzippedFile } from "./unzip-safely.js";

/** One step's log from the run's log archive. */
export interface StepLog {
  readonly number: number;
  readonly name: string;
  readonly text: string;
}

/**
 * The run's logs archive (`GET .../runs/{id}/logs`, a redirect to a zip), read in memory: per
 * job folder, one `<n>_<step>.txt` per step. Paths are only read here, never written.
 */
export async function fetchRunLogs(octokit: OffloadOctokitInstance, repo: { owner: string; repo: string }, runId: number): Promise<Map<string, StepLog[]>> {
  const path = `/repos/${repo.owner}/${repo.repo}/actions/runs/${runId}/logs`;
  const answer = await octokit.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}/logs", { ...repo, run_id: runId }).catch((error: unknown) => {
    throw toGitHubError(error, { method: "GET", path });
  });
  const logs = new Map<string, StepLog[]>();
  for (const [name, data] of Object.entries(unzipSync(toBytes(answer.data)))) {
    const match = /^(.+)\/(\d+)_(.*)\.txt$/.exec(name);
    if (match === null) continue;
    const [, job = "", number = "0", step = ""] = match;
    const steps = logs.get(job) ?? [];
    steps.push({ number: Number(number), name: step, text: Buffer.from(data).toString("utf8") });
    logs.set(job, steps.sort((a, b) => a.number - b.number));
  }
  return logs;
}

/** Files brought back, per artifact folder relative to `--out` (`.` for a single job). */
export interface FetchedArtifact {
  readonly name: string;
  readonly folder: string;
  readonly files: readonly UnzippedFile[];
}

/**
 * Downloads every artifact of the run and unzips it under `out`, keeping folders: `uploads`
 * into `out/` itself, a member's `uploads-<index>` into `out/<index>/`.
 */
export async function fetchRunArtifacts(octokit: OffloadOctokitInstance, repo: { owner: string; repo: string }, runId: number, out: string): Promise<FetchedArtifact[]> {
  const listPath = `/repos/${repo.owner}/${repo.repo}/actions/runs/${runId}/artifacts`;
  const artifacts = await octokit.paginate("GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts", { ...repo, run_id: runId, per_page: 100 }).catch((error: unknown) => {
    throw toGitHubError(error, { method: "GET", path: listPath });
  });
  // Downloads overlap (a 100-member fan-out has 100 artifacts, each a redirect and a download);
  // eight at a time keeps well inside GitHub's 100 concurrent requests.
  const download = async (artifact: (typeof artifacts)[number]): Promise<FetchedArtifact> => {
    const member = /^uploads-(.+)$/.exec(artifact.name)?.[1];
    const cleaned = member?.replace(/[^A-Za-z0-9._-]/g, "_");
    // A member index is a folder name; `.` and `..` would not be one of its own.
    const folder = cleaned === undefined ? "." : /^\.+$/.test(cleaned) ? "_" : cleaned;
    const path = `/repos/${repo.owner}/${repo.repo}/actions/artifacts/${artifact.id}/zip`;
    const zip = await octokit
      .request("GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}", { ...repo, artifact_id: Number(artifact.id), archive_format: "zip" })
      .catch((error: unknown) => {
        throw toGitHubError(error, { method: "GET", path });
      });
    const files = await unzipSafely(toBytes(zip.data), join(out, folder), `artifact '${artifact.name}'`);
    return { name: artifact.name, folder, files };
  };
  return mapWithLimit(artifacts, 8, download);
}

async function mapWithLimit<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      const item = items[index];
      if (item !== undefined) results[index] = await map(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (data instanceof Uint8Array) return data;
  if (typeof data === "string") return Buffer.from(data, "binary");
  throw new TypeError("GitHub answered a download with something other than bytes");
}
