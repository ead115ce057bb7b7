import { resolve } from "node:path";
import { fetchRunLogs } from "../batch/fetch-batch-results.js";
import { gcBatchRepos } from "../batch/gc-batch-repos.js";
import { parseDuration } from "../batch/parse-duration.js";
import { findBatchRun } from "../batch/watch-batch-run.js";
import { toGitHubError } from "../github/to-github-error.js";
import type { BatchCliContext } from "./batch-context.js";
import { createBatchReporter } from "./batch-reporter.js";
import { followAndPrint } from "./batch-run-cli.js";
import { formatTable } from "./format-table.js";

/** `offload batch status ID`: the run's state and each job's steps, from GitHub now. */
export async function batchStatus(context: BatchCliContext, id: string, flags: { token?: string; json?: boolean }): Promise<void> {
  const record = await context.store.load(id);
  const github = await context.connect({ apiUrl: record.apiUrl, ...(flags.token === undefined ? {} : { token: flags.token }) });
  const repo = { owner: record.owner, repo: record.repo };
  const runId = record.runId ?? (await findBatchRun({ octokit: github.octokit, ...repo, headSha: record.headSha, branch: record.branch, deadline: 0, now: () => 1, pollMs: 0, signal: new AbortController().signal }));
  if (runId === null) {
    process.stdout.write(flags.json === true ? `${JSON.stringify({ id, status: record.deleted ? "deleted" : "no run yet" })}\n` : `${id}: ${record.deleted ? "repository deleted" : "no run yet"}\n`);
    return;
  }
  const base = { ...repo, run_id: runId };
  const run = await github.octokit.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}", base).catch((error: unknown) => {
    throw toGitHubError(error, { method: "GET", path: `/repos/${record.owner}/${record.repo}/actions/runs/${runId}` });
  });
  const jobs = await github.octokit.paginate("GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs", { ...base, per_page: 100 });
  if (flags.json === true) {
    process.stdout.write(`${JSON.stringify({ id, runId, status: run.data.status, conclusion: run.data.conclusion, jobs: jobs.map((job) => ({ name: job.name, status: job.status, conclusion: job.conclusion })) }, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${id}: run ${runId} ${run.data.status ?? ""}${run.data.conclusion === null ? "" : ` (${run.data.conclusion})`}\n`);
  const rows = jobs.flatMap((job) => (job.steps ?? []).map((step) => [job.name, step.name, step.status, step.conclusion ?? "-"]));
  process.stdout.write(`${formatTable(["JOB", "STEP", "STATUS", "CONCLUSION"], rows)}\n`);
}

/** `offload batch logs ID`: every step's log from the run's archive. */
export async function batchLogs(context: BatchCliContext, id: string, flags: { token?: string }): Promise<void> {
  const record = await context.store.load(id);
  const github = await context.connect({ apiUrl: record.apiUrl, ...(flags.token === undefined ? {} : { token: flags.token }) });
  const repo = { owner: record.owner, repo: record.repo };
  const runId = record.runId ?? (await findBatchRun({ octokit: github.octokit, ...repo, headSha: record.headSha, branch: record.branch, deadline: 0, now: () => 1, pollMs: 0, signal: new AbortController().signal }));
  if (runId === null) {
    process.stdout.write(`${id}: no run yet\n`);
    return;
  }
  for (const [job, steps] of await fetchRunLogs(github.octokit, repo, runId)) {
    for (const step of steps) process.stdout.write(`── ${job} · ${step.name} ──\n${step.text}`);
  }
}

/** `wait` (until done; exit with the job's code) and `fetch` (also bring results back and delete). */
export async function batchWaitOrFetch(context: BatchCliContext, id: string, flags: { token?: string; timeout: string; out?: string; keep?: boolean; json?: boolean; pollInterval: string }, mode: "wait" | "fetch"): Promise<void> {
  const stored = await context.store.load(id);
  const record = flags.keep === true ? { ...stored, keep: true } : stored;
  const github = await context.connect({ apiUrl: record.apiUrl, ...(flags.token === undefined ? {} : { token: flags.token }) });
  const startedAt = Date.now();
  const progress = flags.json === true ? process.stderr : process.stdout;
  const fanOut = record.members !== null;
  const reporter = createBatchReporter(progress, context.style, { fanOut, now: () => Date.now() });
  await followAndPrint(context, github, record, {
    out: mode === "fetch" ? resolve(flags.out ?? record.id) : null,
    json: flags.json === true,
    cleanUp: mode === "fetch",
    deadline: startedAt + parseDuration(flags.timeout, "--timeout"),
    pollMs: parseDuration(flags.pollInterval, "--poll-interval"),
    startedAt,
    reporter,
    fanOut,
  });
}

/** `offload batch list`: what this machine submitted, from the state folder (no network). */
export async function batchList(context: BatchCliContext, flags: { json?: boolean }): Promise<void> {
  const records = await context.store.list();
  if (flags.json === true) {
    process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
    return;
  }
  const rows = records.map((record) => [record.id, record.runsOn, record.members === null ? "1" : String(record.members.length), record.submittedAt.slice(0, 19).replace("T", " "), record.conclusion ?? "submitted", record.exitCode === null ? "-" : String(record.exitCode), record.deleted ? "deleted" : "exists"]);
  process.stdout.write(`${formatTable(["ID", "RUNS-ON", "JOBS", "SUBMITTED", "STATE", "EXIT", "REPOSITORY"], rows)}\n`);
}

/** `offload batch gc`: deletes leftover batch repositories (only names batch makes). */
export async function batchGc(context: BatchCliContext, flags: { token?: string; owner?: string; olderThan: string; dryRun?: boolean }): Promise<void> {
  const github = await context.connect({ ...(flags.token === undefined ? {} : { token: flags.token }), ...(flags.owner === undefined ? {} : { owner: flags.owner }) });
  const owner = flags.owner ?? github.identity.login;
  const removed = await gcBatchRepos(github, { owner, olderThanMs: parseDuration(flags.olderThan, "--older-than"), now: Date.now(), dryRun: flags.dryRun === true });
  for (const record of await context.store.list()) {
    if (!flags.dryRun && removed.some((repo) => repo.name === record.repo && repo.owner.toLowerCase() === record.owner.toLowerCase())) await context.store.save({ ...record, deleted: true });
  }
  const verb = flags.dryRun === true ? "would delete" : "deleted";
  process.stdout.write(removed.length === 0 ? `nothing to delete under ${owner}\n` : `${formatTable(["REPOSITORY", "CREATED"], removed.map((repo) => [`${repo.owner}/${repo.name}`, repo.createdAt]))}\n${verb} ${removed.length}\n`);
}
