import type { Command } from "commander";
import { addUrlOption, callDispatcher, readApiTarget, reportFailure } from "./dispatcher-api.js";
import { parseJobReference } from "./parse-job-reference.js";

/** `offload cancel <job>`: asks GitHub (through the dispatcher) to cancel the job's workflow run. */
export function registerCancelCommand(program: Command): void {
  const command = program
    .command("cancel")
    .description("cancel a job's workflow run on GitHub (the App needs actions: write)")
    .argument("<job>", "the job id, as `offload jobs` lists it, or the job's GitHub URL");
  addUrlOption(command, process.env).action(async (job: string, options: { url?: string }) => {
    try {
      const id = parseJobReference(job, "cancel");
      const response = await callDispatcher(readApiTarget(options, process.env), "POST", `/api/jobs/${id}/cancel`);
      const answer = (await response.json()) as { detail?: string };
      process.stdout.write(`✓ ${answer.detail ?? `cancel requested for job ${id}`}\n`);
    } catch (error) {
      reportFailure(error, process.stderr);
    }
  });
}
