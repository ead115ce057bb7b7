import { Command } from "commander";
import packageJson from "../../package.json" with { type: "json" };
import { registerCancelCommand } from "./cancel-command.js";
import { registerDemoCommand } from "./demo-command.js";
import { registerDrainCommand } from "./drain-command.js";
import { registerDoctorCommand } from "./doctor-command.js";
import { registerFlavorsCommand } from "./flavors-command.js";
import { registerJobsCommand } from "./jobs-command.js";
import { registerLogsCommand } from "./logs-command.js";
import { registerRetryCommand } from "./retry-command.js";
import { registerServeCommand } from "./serve-command.js";
import { registerStatusCommand } from "./status-command.js";

/** The `offload` command line. */
export async function main(argv: readonly string[]): Promise<void> {
  // `offload jobs | head` closes the pipe early; that is not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  const program = new Command()
    .name("offload")
    .description("Run GitHub Actions jobs on ephemeral runners on Hugging Face Jobs and other compute")
    .version(packageJson.version);
  registerServeCommand(program);
  registerDemoCommand(program);
  registerDrainCommand(program);
  registerFlavorsCommand(program);
  registerDoctorCommand(program);
  registerJobsCommand(program);
  registerLogsCommand(program);
  registerCancelCommand(program);
  registerStatusCommand(program);
  registerRetryCommand(program);
  await program.parseAsync([...argv]);
}
