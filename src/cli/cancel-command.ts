import type { Command } from "commander";
import { addUrlOption, callDispatcher, CliFailure, readApiTarget, reportFailure } from "./dispatcher-api.js";

/** `offload cancel <job>`: asks GitHub (through the dispatcher) to cancel the job's workflow run. */
export function registerCancelCommand(program: Command): void {
  const command = program
    .command("cancel")
    .description("cancel a job's workflow run on GitHub (the App needs actions: write)")
    .argument("<job>", "the job id, as `offload jobs` lists it");
  addUrlOption(command, process.env).action(async (job: string, options: { url?: string }) => {
    try {
      if (!/^\d{1,16}$/.test(job)) throw new CliFailure(`job '${job.slice(0, 40)}' in offload cancel: expected a numeric job id`, "Use an id from `offload jobs`.");
      const response = await callDispatcher(readApiTarget(options, process.env), "POST", `/api/jobs/${job}/cancel`);
      const answer = (await response.json()) as { detail?: string };
      process.stdout.write(`✓ ${answer.detail ?? `cancel requested for job ${job}`}\n`);
    } catch (error) {
      reportFailure(error, process.stderr);
    }
  });
}
