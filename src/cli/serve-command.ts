import type { Command } from "commander";

/** `offload serve`; the dispatcher's modules load only when it runs, so other commands start fast. */
export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("run the dispatcher: webhook intake, reconciler and HTTP API (npm start)")
    .action(async () => (await import("./run-serve.js")).runServe());
}
