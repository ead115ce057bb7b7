import { createRequire } from "node:module";
import { Command } from "commander";
import { registerBatchCommand } from "./batch-command.js";
import { registerCancelCommand } from "./cancel-command.js";
import { registerDemoCommand } from "./demo-command.js";
import { registerDrainCommand } from "./drain-command.js";
import { registerDoctorCommand } from "./doctor-command.js";
import { registerFlavorsCommand } from "./flavors-command.js";
import { registerJobsCommand } from "./jobs-command.js";
import { registerLogsCommand } from "./logs-command.js";
import { registerRetryCommand } from "./retry-command.js";
import { registerServeCommand } from "./serve-command.js";
import { registerSimCommand } from "./sim-command.js";
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
    .version(readVersion());
  registerServeCommand(program);
  registerDemoCommand(program);
  registerDrainCommand(program);
  registerFlavorsCommand(program);
  registerDoctorCommand(program);
  registerJobsCommand(program);
  registerLogsCommand(program);
  registerCancelCommand(program);
  registerStatusCommand(program);
  registerBatchCommand(program);
  registerSimCommand(program);
  registerRetryCommand(program);
  await program.parseAsync([...argv]);
}

/** From src/cli/ and from the compiled dist/cli/ alike, package.json is two folders up. */
function readVersion(): string {
  return (createRequire(import.meta.url)("../../package.json") as { version: string }).version;
}
