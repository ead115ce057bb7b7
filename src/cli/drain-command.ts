import type { Command } from "commander";
import { addUrlOption, callDispatcher, readApiTarget, reportFailure } from "./dispatcher-api.js";

/** `offload drain [--resume]`: pause launching before an upgrade, while every webhook is still recorded. */
export function registerDrainCommand(program: Command): void {
  const command = program
    .command("drain")
    .description("pause launching new runners (webhooks are still recorded); --resume starts again")
    .option("--resume", "resume launching");
  addUrlOption(command, process.env).action(async (options: { url?: string; resume?: boolean }) => {
    try {
      const response = await callDispatcher(readApiTarget(options, process.env), "POST", "/api/drain", { body: { paused: options.resume !== true } });
      const answer = (await response.json()) as { detail?: string };
      process.stdout.write(`✓ ${answer.detail ?? "done"}\n`);
    } catch (error) {
      reportFailure(error, process.stderr);
    }
  });
}
