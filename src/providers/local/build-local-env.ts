import type { LaunchSpec } from "../provider.js";

/**
 * Variables a child may take from the dispatcher's own environment. Everything else (HF_TOKEN,
 * GH_APP_PRIVATE_KEY, NODE_OPTIONS with the dispatcher's loaders, ...) stays behind.
 */
const SAFE_BASE_NAMES = ["PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "TZ", "TMPDIR"] as const;

const FALLBACK_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** The safe part of an environment; the CLI passes `process.env` here to build the local provider. */
export function pickSafeBaseEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of SAFE_BASE_NAMES) {
    const value = env[name];
    if (value !== undefined && value !== "") picked[name] = value;
  }
  return picked;
}

/**
 * The child's whole environment: the safe base, the spec's plain variables, then its secrets.
 * A process's environment is the local equivalent of a provider's secret channel; it is never logged.
 */
export function buildLocalEnv(base: Readonly<Record<string, string>>, spec: LaunchSpec): Record<string, string> {
  const secrets = Object.fromEntries(Object.entries(spec.secrets).map(([name, secret]) => [name, secret.reveal()]));
  return { PATH: FALLBACK_PATH, ...base, ...spec.env, ...secrets };
}
