import type { Command } from "commander";
import type { JobRecord } from "../ledger/records.js";
import { addUrlOption, getJson, readApiTarget, reportFailure } from "./dispatcher-api.js";
import { formatTable } from "./format-table.js";
import { createTerminalStyle, type TerminalStyle } from "./terminal-style.js";

interface JobsOptions {
  url?: string;
  state?: string;
  repo?: string;
  label?: string;
  limit?: string;
  json?: boolean;
}

function paintState(style: TerminalStyle, job: JobRecord): string {
  if (job.status === "completed") return job.conclusion === "success" ? style.green(`completed/${job.conclusion}`) : style.red(`completed/${job.conclusion ?? "?"}`);
  if (job.status === "in_progress") return style.yellow("in_progress");
  return job.status;
}

/** `offload jobs`: the jobs the dispatcher's ledger knows, newest first, with why each one is where it is. */
export function registerJobsCommand(program: Command): void {
  const command = program
    .command("jobs")
    .description("list jobs from a running dispatcher's ledger, newest first")
    .option("--state <state>", "only jobs in this state: queued, waiting, in_progress, completed")
    .option("--repo <owner/name>", "only jobs of this repository")
    .option("--label <label>", "only jobs with this runs-on label")
    .option("--limit <n>", "at most this many (1-500)", "50")
    .option("--json", "print the API's JSON");
  addUrlOption(command, process.env).action(async (options: JobsOptions) => {
    try {
      const query = new URLSearchParams({ limit: options.limit ?? "50" });
      if (options.state) query.set("status", options.state);
      if (options.repo) query.set("repo", options.repo);
      if (options.label) query.set("label", options.label);
      const { jobs } = await getJson<{ jobs: JobRecord[] }>(readApiTarget(options, process.env), `/api/jobs?${query}`);
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify(jobs, null, 2)}\n`);
        return;
      }
      if (jobs.length === 0) {
        process.stdout.write("no jobs match\n");
        return;
      }
      const style = createTerminalStyle(process.stdout, process.stderr, process.env);
      const rows = jobs.map((job) => [String(job.jobId), job.repo, job.name, job.labels.join(","), job.flavor ?? "-", paintState(style, job), job.reason]);
      process.stdout.write(`${formatTable(["JOB", "REPO", "NAME", "LABELS", "FLAVOR", "STATE", "REASON"], rows)}\n`);
    } catch (error) {
      reportFailure(error, process.stderr);
    }
  });
}
