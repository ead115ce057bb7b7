import type { Command } from "commander";

/** `offload sim`; the simulators load only when it runs. */
export function registerSimCommand(program: Command): void {
  program
    .command("sim")
    .description("run the simulated GitHub and HF Jobs until Ctrl-C and print their URLs and the credentials a client needs")
    .option("--with-dispatcher", "also run a dispatcher against them, with its dashboard")
    .option("--json", "print the URLs and credentials as one JSON document (for scripts)")
    .option("--repo <owner/name...>", "repositories the simulated App is installed on", ["acme/app"])
    .action(async (options: { withDispatcher?: boolean; json?: boolean; repo: string[] }) => (await import("./run-sim.js")).runSim(options));
}
