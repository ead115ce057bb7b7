import { readFileSync } from "node:fs";

/**
 * runner/entrypoint.sh is the one copy of the runner bootstrap: the runner images run it as their
 * ENTRYPOINT and providers send its text inline (`bash -c <script>`) so any image can boot a
 * runner. It is read on first use, not at import, so importing a provider touches no file.
 * Deployments must ship the runner/ folder next to src/ (the dispatcher image copies both).
 */
const ENTRYPOINT_URL = new URL("../../runner/entrypoint.sh", import.meta.url);

let cached: string | undefined;

/** The text of runner/entrypoint.sh. */
export function readRunnerBootstrap(): string {
  cached ??= readFileSync(ENTRYPOINT_URL, "utf8");
  return cached;
}

/** The command a machine runs to boot one runner from ACTIONS_RUNNER_INPUT_JITCONFIG. */
export function buildRunnerBootstrapCommand(): string[] {
  return ["bash", "-c", readRunnerBootstrap()];
}
