import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArray, parseMatrix } from "../batch/batch-members.js";
import type { BatchRecord } from "../batch/batch-store.js";
import { followBatch } from "../batch/follow-batch.js";
import { parseDuration } from "../batch/parse-duration.js";
import { parseEnvPairs, readExtraFiles, readSecretsDir } from "../batch/read-batch-inputs.js";
import { submitBatch } from "../batch/submit-batch.js";
import { OffloadError } from "../errors/offload-error.js";
import type { BatchCliContext } from "./batch-context.js";
import { createBatchReporter } from "./batch-reporter.js";
import { formatBatchLogs, formatBatchSummary, toBatchJson } from "./print-batch-result.js";

/** Flags of `offload batch run|submit`. */
export interface BatchRunFlags {
  runsOn: string;
  owner?: string;
  out?: string;
  secretsFrom?: string;
  env: string[];
  file: string[];
  timeout: string;
  keep?: boolean;
  json?: boolean;
  array?: string;
  matrix: string[];
  token?: string;
  pollInterval: string;
}

/** `run` (submit, watch, collect, clean up) or `submit` (print the id and return). */
export async function runBatchCommand(context: BatchCliContext, script: string, flags: BatchRunFlags, mode: "run" | "submit"): Promise<void> {
  if (flags.array !== undefined && flags.matrix.length > 0) throw new OffloadError("OFFLOAD_BATCH_USAGE", "Invalid --array with --matrix in offload batch: expected one of the two");
  const members = flags.array !== undefined ? parseArray(flags.array) : flags.matrix.length > 0 ? parseMatrix(flags.matrix) : null;
  const timeoutMs = parseDuration(flags.timeout, "--timeout");
  const pollMs = parseDuration(flags.pollInterval, "--poll-interval");
  const env = parseEnvPairs(flags.env);
  const secrets = flags.secretsFrom === undefined ? [] : await readSecretsDir(flags.secretsFrom);
  const files = await readExtraFiles(flags.file);
  const content = await readFile(script).catch((cause: unknown) => {
    throw new OffloadError("OFFLOAD_BATCH_USAGE", `Unreadable script '${script}' in offload batch ${mode}: expected a file offload can read`, { cause });
  });
  const progress = flags.json === true ? process.stderr : process.stdout;
  const reporter = createBatchReporter(progress, context.style, { fanOut: members !== null, now: () => Date.now() });
  const github = await context.connect({ ...(flags.token === undefined ? {} : { token: flags.token }), ...(flags.owner === undefined ? {} : { owner: flags.owner }) });
  // Names only, and before anything is sent, so a wrong folder is noticed in time.
  if (secrets.length > 0) reporter.note(`secrets: ${secrets.map((secret) => secret.name).join(", ")}`);
  const startedAt = Date.now();
  const record = await submitBatch(github, { apiUrl: context.apiUrl, ...(flags.owner === undefined ? {} : { owner: flags.owner }), script: content, files, runsOn: flags.runsOn, env, secrets, members, timeoutMs, keep: flags.keep === true, now: new Date(startedAt) });
  await context.store.save(record);
  reporter.note(`submitted ${record.id}: private repository ${record.owner}/${record.repo}, runs-on ${record.runsOn}${members === null ? "" : `, ${members.length} members`}`);
  if (mode === "submit") {
    reporter.stop();
    process.stdout.write(flags.json === true ? `${JSON.stringify(record)}\n` : `${record.id}\n`);
    return;
  }
  try {
    await followAndPrint(context, github, record, { out: resolve(flags.out ?? record.id), json: flags.json === true, cleanUp: true, deadline: startedAt + timeoutMs, pollMs, startedAt, reporter, fanOut: members !== null });
  } catch (error) {
    // GitHub failed us mid-watch: do not leave the repository (and its secrets) behind.
    if (!record.keep) await github.octokit.request("DELETE /repos/{owner}/{repo}", { owner: record.owner, repo: record.repo }).catch(() => undefined);
    throw error;
  }
}

/** Watches a batch to its end, prints logs, tables or JSON, and sets the exit status. */
export async function followAndPrint(
  context: BatchCliContext,
  github: Awaited<ReturnType<BatchCliContext["connect"]>>,
  record: BatchRecord,
  options: { out: string | null; json: boolean; cleanUp: boolean; deadline: number; pollMs: number; startedAt: number; reporter: ReturnType<typeof createBatchReporter>; fanOut: boolean },
): Promise<void> {
  const controller = new AbortController();
  let interrupts = 0;
  const onInterrupt = (): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    options.reporter.note(record.keep ? "interrupted: cancelling the run (the repository is kept)" : "interrupted: cancelling the run and deleting the repository (Ctrl-C again to leave now)");
    controller.abort();
  };
  process.on("SIGINT", onInterrupt);
  try {
    const result = await followBatch({ github, store: context.store, record, out: options.out, deadline: options.deadline, pollMs: options.pollMs, now: () => Date.now(), signal: controller.signal, onEvent: (event) => options.reporter.event(event), cleanUp: options.cleanUp, startedAt: options.startedAt });
    options.reporter.stop();
    const stream = options.json ? process.stderr : process.stdout;
    if (!options.json) stream.write(formatBatchLogs(result, options.fanOut));
    if (result.outcome === "timed-out" || result.outcome === "no-run") stream.write(`✗ timed out before the run completed; the run was cancelled\n`);
    stream.write(`\n${formatBatchSummary(result, options.out, options.fanOut)}`);
    if (options.json) process.stdout.write(`${JSON.stringify(toBatchJson(result, options.out), null, 2)}\n`);
    process.exitCode = result.exitCode;
  } finally {
    process.off("SIGINT", onInterrupt);
    options.reporter.stop();
  }
}
