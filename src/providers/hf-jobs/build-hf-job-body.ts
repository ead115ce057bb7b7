import type { LaunchSpec } from "../provider.js";
import { RUNNER_NAME_ENV } from "./build-hf-labels.js";

/**
 * The create body (reference/hf-jobs-api.md §3). The spec's secrets are revealed here and only
 * here: HF stores them encrypted and injects them as environment variables, so the JIT config
 * reaches the runner as ACTIONS_RUNNER_INPUT_JITCONFIG without ever being plain environment.
 */
export function buildHfJobBody(spec: LaunchSpec, labels: Record<string, string>, defaultCommand: readonly string[]): Record<string, unknown> {
  const secrets = Object.fromEntries(Object.entries(spec.secrets).map(([name, secret]) => [name, secret.reveal()]));
  return {
    dockerImage: spec.image,
    command: spec.command.length > 0 ? [...spec.command] : [...defaultCommand],
    arguments: [],
    environment: { ...spec.env, [RUNNER_NAME_ENV]: spec.runnerName },
    ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
    flavor: spec.flavor,
    timeoutSeconds: Math.max(1, Math.ceil(spec.timeoutSeconds)),
    labels,
  };
}
