import type { Command } from "commander";

/** `offload doctor`; its checks (Octokit, the HF client) load only when it runs. */
export function registerDoctorCommand(program: Command): void {
  program
    .command("doctor")
    .description("check the configuration, the GitHub App, its installations, the webhook URL, the HF token, the data directory and the clock")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => (await import("./run-doctor.js")).runDoctor(options));
}
