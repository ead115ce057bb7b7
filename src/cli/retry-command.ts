import type { Command } from "commander";
import { addUrlOption, callDispatcher, CliFailure, getJson, readApiTarget, reportFailure, type ApiTarget } from "./dispatcher-api.js";

/** The pool a target names: a numeric job id (its pool) or a pool key as `GET /api/pools` lists it. */
async function poolKeyOf(target: ApiTarget, jobOrPool: string): Promise<string> {
  if (!/^\d{1,16}$/.test(jobOrPool)) return jobOrPool;
  const { job } = await getJson<{ job: { poolKey: string | null; reason: string } }>(target, `/api/jobs/${jobOrPool}`);
  if (job.poolKey === null) throw new CliFailure(`job '${jobOrPool}' in offload retry: offload does not serve it (${job.reason})`, "Only jobs routed to a pool launch; fix the label or the configuration the reason names.");
  return job.poolKey;
}

/** `offload retry <job|pool>`: ends a pool's launch backoff now, after fixing what made launches fail. */
export function registerRetryCommand(program: Command): void {
  const command = program
    .command("retry")
    .description("end a pool's launch backoff now (after fixing a token or an image); names a job id or a pool key")
    .argument("<job-or-pool>", "a job id as `offload jobs` lists it, or a pool key from /api/pools");
  addUrlOption(command, process.env).action(async (jobOrPool: string, options: { url?: string }) => {
    try {
      const target = readApiTarget(options, process.env);
      const key = await poolKeyOf(target, jobOrPool);
      const response = await callDispatcher(target, "POST", `/api/pools/${encodeURIComponent(key)}/retry`);
      const answer = (await response.json()) as { detail?: string; poolKey?: string };
      process.stdout.write(`✓ ${answer.poolKey ?? key}: ${answer.detail ?? "backoff cleared"}\n`);
    } catch (error) {
      reportFailure(error, process.stderr);
    }
  });
}
