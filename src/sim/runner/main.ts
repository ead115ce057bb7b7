/*
 * Script entry for the local provider: `node --import tsx src/sim/runner/main.ts`, with the JIT
 * config in ACTIONS_RUNNER_INPUT_JITCONFIG as the official runner reads it. It prints the runner's
 * lines and exits with its code; the config itself is never printed.
 */
import { readFileSync } from "node:fs";
import { runSimulatedRunner } from "./run-simulated-runner.js";

// In a Docker runner the config arrives as a file (ACTIONS_RUNNER_INPUT_JITCONFIG_FILE), as runner/entrypoint.sh reads it.
const jitFile = process.env["ACTIONS_RUNNER_INPUT_JITCONFIG_FILE"];
const jitConfig = process.env["ACTIONS_RUNNER_INPUT_JITCONFIG"] ?? (jitFile === undefined ? "" : readFileSync(jitFile, "utf8"));
const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => controller.abort());

if (jitConfig === "") {
  console.log("An error occurred: ACTIONS_RUNNER_INPUT_JITCONFIG is not set; pass the encoded_jit_config from generate-jitconfig.");
  process.exit(1);
}
const code = await runSimulatedRunner({ jitConfig, log: (line) => console.log(line), signal: controller.signal });
process.exit(code);
