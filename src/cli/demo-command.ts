import type { Command } from "commander";

/**
 * `offload demo`: the whole flow in seconds with no account (its modules load only when it runs). A simulated GitHub queues jobs on
 * several flavors, the real dispatcher records them and launches JIT runners on a simulated HF
 * Jobs (or as local processes), the simulated runners take jobs, and each job's timeline prints.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description("run the dispatcher against simulated GitHub and HF Jobs and print each job's timeline")
    .option("--provider <name>", "where runners start: hf-jobs (simulated), local (child processes) or docker (containers on DOCKER_HOST)", "hf-jobs")
    .option("--log-level <level>", "dispatcher log level", "silent")
    .action(async (options: { provider: string; logLevel: string }) => (await import("./run-demo.js")).runDemo(options));
}
