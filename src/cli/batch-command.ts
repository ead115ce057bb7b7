import { Command, Option, type Command as CommandType } from "commander";
import type { BatchRunFlags } from "./batch-run-cli.js";

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const DEFAULT_TIMEOUT = "24h";
const POLL = new Option("--poll-interval <duration>", "how often to ask GitHub for progress").default("3s").hideHelp();

/** `offload batch …`: run a script on any runs-on label through a temporary private repository (docs/batch.md). */
export function registerBatchCommand(program: CommandType): void {
  const batch = program.command("batch").description("run a script on GitHub Actions (any runs-on label) and get its exit code, logs and files back");
  // The batch modules (Octokit, libsodium, zips) load only when a batch command runs, so
  // `offload --help` and the other commands start fast.
  const guarded = <A extends unknown[]>(action: (...args: A) => Promise<void>) => async (...args: A): Promise<void> => {
    try {
      await action(...args);
    } catch (error) {
      (await import("./batch-context.js")).reportBatchFailure(error);
    }
  };
  const context = async () => (await import("./batch-context.js")).createBatchCliContext();
  const records = () => import("./batch-records-cli.js");
  for (const mode of ["run", "submit"] as const) {
    submission(batch.command(mode).argument("<script>", "the bash script to run (committed as job.sh)"))
      .description(mode === "run" ? "submit a script, watch it, bring its results back, exit with its exit code" : "submit a script and print its id at once (then status, logs, wait, fetch)")
      .action(guarded(async (script: string, flags: BatchRunFlags) => (await import("./batch-run-cli.js")).runBatchCommand(await context(), script, flags, mode)));
  }
  const token = new Option("--token <token>", "a fine-grained token (default: GITHUB_TOKEN, then the App in GH_APP_ID/GH_APP_PRIVATE_KEY)");
  batch.command("status").argument("<id>").description("show a batch's run and steps").addOption(token).option("--json", "machine-readable")
    .action(guarded(async (id: string, flags: { token?: string; json?: boolean }) => (await records()).batchStatus(await context(), id, flags)));
  batch.command("logs").argument("<id>").description("print every step's log").addOption(token)
    .action(guarded(async (id: string, flags: { token?: string }) => (await records()).batchLogs(await context(), id, flags)));
  for (const mode of ["wait", "fetch"] as const) {
    const command = batch.command(mode).argument("<id>").addOption(token).option("--timeout <duration>", "give up (and cancel) after this long", DEFAULT_TIMEOUT).option("--json", "print a machine-readable summary").addOption(POLL);
    if (mode === "fetch") command.option("--out <dir>", "where uploads/ comes back (default ./<id>)").option("--keep", "keep the repository afterwards");
    command.description(mode === "wait" ? "wait for a batch to finish and exit with its exit code" : "wait if needed, bring the results back, delete the repository")
      .action(guarded(async (id: string, flags: { token?: string; timeout: string; out?: string; keep?: boolean; json?: boolean; pollInterval: string }) => (await records()).batchWaitOrFetch(await context(), id, flags, mode)));
  }
  batch.command("list").description("list the batches submitted from this machine").option("--json", "machine-readable")
    .action(guarded(async (flags: { json?: boolean }) => (await records()).batchList(await context(), flags)));
  batch.command("gc").description("delete leftover offload-batch-* repositories (and nothing else)").addOption(token)
    .option("--owner <login>", "user or organisation (default: the token's user)").option("--older-than <duration>", "only repositories older than this", "1h").option("--dry-run", "list, do not delete")
    .action(guarded(async (flags: { token?: string; owner?: string; olderThan: string; dryRun?: boolean }) => (await records()).batchGc(await context(), flags)));
}

function submission(command: Command): Command {
  return command
    .option("--runs-on <label>", "the runner label (ubuntu-latest, an offload pool's label such as a GPU flavor)", "ubuntu-latest")
    .option("--owner <login>", "user or organisation that owns the temporary repository (default: the token's user)")
    .option("--out <dir>", "where everything under uploads/ comes back (default ./<id>)")
    .option("--secrets-from <dir>", "one file per secret, named after the file; only names are shown")
    .option("--env <KEY=value>", "an environment variable for the script (repeatable; committed in clear)", collect, [])
    .option("--file <path>", "an extra file to commit beside job.sh (repeatable)", collect, [])
    .option("--timeout <duration>", "cancel and exit 124 after this long (e.g. 90m, 6h)", DEFAULT_TIMEOUT)
    .option("--array <range>", "fan out: one job per index, e.g. 1-100 (OFFLOAD_BATCH_INDEX)")
    .option("--matrix <key=a,b,c>", "fan out over values (repeatable for a cross product)", collect, [])
    .option("--keep", "keep the repository (and secrets) afterwards")
    .option("--json", "print a machine-readable summary on stdout (progress on stderr)")
    .option("--token <token>", "a fine-grained token (default: GITHUB_TOKEN, then the App in GH_APP_ID/GH_APP_PRIVATE_KEY)")
    .addOption(POLL);
}
