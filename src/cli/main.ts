import { Command } from "commander";
import packageJson from "../../package.json" with { type: "json" };
import { registerDemoCommand } from "./demo-command.js";
import { registerFlavorsCommand } from "./flavors-command.js";
import { registerServeCommand } from "./serve-command.js";

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
  registerFlavorsCommand(program);
  await program.parseAsync([...argv]);
}
