import { readFileSync } from "node:fs";
import { collectRawSettings } from "./collect-raw-settings.js";
import type { ConfigProblem, OffloadConfig } from "./config.js";
import { deepFreeze } from "./deep-freeze.js";
import { parseAllowedRepositories } from "./parse-allowed-repositories.js";
import { parseDuration } from "./parse-duration.js";
import { parseHttpUrl } from "./parse-http-url.js";
import { parseLogLevel } from "./parse-log-level.js";
import { parsePrivateKey } from "./parse-private-key.js";
import { parseRunnerCommand } from "./parse-runner-command.js";
import { readConfigFile, type FileSections } from "./read-config-file.js";
import { readPolicySection } from "./read-policy-section.js";
import { addSetupCredentials } from "./read-setup-credentials.js";
import { deriveGitHubWebUrl } from "./derive-github-web-url.js";
import { readLeaderLease } from "./read-leader-lease.js";
import { readBootTimeouts } from "./read-boot-timeouts.js";
import { readKubernetesSettings } from "./kubernetes-settings.js";
import { readWarmPools } from "./warm-pools.js";
import { readRunnerImages } from "./read-runner-images.js";
import { readDockerSettings, readLabelRules, readLocalGpus } from "./read-label-rules.js";
import { readScaleSets } from "./scale-set-config.js";
import { Secret } from "./secret.js";
import { SettingsReader, type RawSettings } from "./settings-reader.js";

/** What loading gives back: a usable (frozen) config even when there are problems, and all of them. */
export interface LoadedConfig {
  readonly config: OffloadConfig;
  readonly problems: ConfigProblem[];
}

const integer = (min: number, max: number) => (text: string): number | null => {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  return value >= min && value <= max ? value : null;
};
const oneOf = <T extends string>(...values: T[]) => (text: string): T | null =>
  values.find((value) => value === text.toLowerCase()) ?? null;
const matching = (pattern: RegExp) => (text: string): string | null => (pattern.test(text) ? text : null);

function readHfNamespace(reader: SettingsReader, env: Record<string, string | undefined>): string | null {
  // Inside an HF Space the owner is known: SPACE_AUTHOR_NAME, else the owner part of SPACE_ID.
  const spaceOwner = env.SPACE_ID?.trim().split("/")[0];
  return reader.text("HF_NAMESPACE") ?? (env.SPACE_AUTHOR_NAME?.trim() || spaceOwner || null);
}

function readGitHub(reader: SettingsReader): OffloadConfig["github"] {
  const appId = reader.parse("GH_APP_ID", null, matching(/^(\d+|Iv[\w.]+)$/), "the App's numeric id (or its client id Iv...)", "Copy the App ID from the GitHub App's settings page into GH_APP_ID.");
  const privateKey = reader.parse("GH_APP_PRIVATE_KEY", null, (text) => {
    const pem = parsePrivateKey(text);
    return pem === null ? null : new Secret(pem);
  }, "a PEM private key (-----BEGIN RSA PRIVATE KEY----- ...) that node:crypto can read", "Paste the whole .pem file the App's settings page generated into GH_APP_PRIVATE_KEY (literal \\n line breaks are fine).", { secret: true });
  const webhookSecrets = [reader.secret("GH_WEBHOOK_SECRET"), reader.secret("GH_WEBHOOK_SECRET_NEXT")].filter((secret) => secret !== null);
  return {
    apiUrl: reader.parse("GITHUB_API_URL", "https://api.github.com", parseHttpUrl, "an http(s) URL such as https://api.github.com", "Set GITHUB_API_URL to the API root (https://<host>/api/v3 on GitHub Enterprise Server)."),
    appId,
    privateKey,
    webhookSecrets,
    runnerScope: reader.parse("OFFLOAD_RUNNER_SCOPE", "repo", oneOf("repo", "org"), "repo or org", "Set runnerScope to repo (default) or org."),
    runnerGroupId: reader.parse("OFFLOAD_RUNNER_GROUP_ID", 1, integer(1, Number.MAX_SAFE_INTEGER), "a runner group id (a positive integer; 1 is the default group)", "Set runnerGroupId to the id shown in the organisation's runner group settings."),
    webUrl: reader.parse("GITHUB_WEB_URL", null, parseHttpUrl, "an http(s) URL such as https://github.com", "Set GITHUB_WEB_URL to the address where people open GitHub in a browser, or unset it to derive it from GITHUB_API_URL.") ?? deriveGitHubWebUrlOf(reader),
  };
}

/** The web address for the configured API root; the API root's own problems are reported elsewhere. */
function deriveGitHubWebUrlOf(reader: SettingsReader): string {
  const apiUrl = parseHttpUrl(reader.text("GITHUB_API_URL") ?? "") ?? "https://api.github.com";
  return deriveGitHubWebUrl(apiUrl);
}

function readAllowedRepositories(reader: SettingsReader): ReadonlySet<string> | null {
  const text = reader.text("ALLOWED_GITHUB_REPOSITORIES");
  if (text === null) return null;
  const { repositories, invalid } = parseAllowedRepositories(text);
  if (invalid.length > 0) {
    reader.report("ALLOWED_GITHUB_REPOSITORIES", `comma-separated owner/repo names; invalid entries: ${invalid.join(", ")}`, "List repositories as owner/name separated by commas, e.g. acme/api,acme/web; unset it to allow every installed repository.");
  }
  return repositories;
}

/** A short admin token can be guessed; 16 characters is what `openssl rand -hex 8` gives, the least we accept. */
const ADMIN_TOKEN_MIN_LENGTH = 16;

function readAdminToken(reader: SettingsReader): Secret | null {
  return reader.parse("OFFLOAD_ADMIN_TOKEN", null, (text) => (text.length >= ADMIN_TOKEN_MIN_LENGTH && text.trim() === text ? new Secret(text) : null), `a token of at least ${ADMIN_TOKEN_MIN_LENGTH} characters without surrounding spaces`, "Set OFFLOAD_ADMIN_TOKEN to a random value, e.g. the output of `openssl rand -hex 32`.", { secret: true });
}

function parseBoolean(text: string): boolean | null {
  const value = text.toLowerCase();
  if (["true", "1", "yes", "on"].includes(value)) return true;
  if (["false", "0", "no", "off"].includes(value)) return false;
  return null;
}

/** Label rules and Docker hosts (issue #11): the rules may name only configured hosts. */
function readOwnHardware(reader: SettingsReader): Pick<OffloadConfig, "rules" | "docker"> {
  const docker = readDockerSettings(reader);
  const rules = readLabelRules(reader, ["hf-jobs", "local", "docker"], docker?.hosts.map((host) => host.name) ?? []);
  return { rules, docker };
}

function listMissing(reader: SettingsReader, config: Omit<OffloadConfig, "missing">): string[] {
  // A dispatcher fed only by scale sets takes no webhooks, so it needs no webhook secret.
  const needed = ["GH_APP_ID", "GH_APP_PRIVATE_KEY", ...(config.scaleSets.length > 0 ? [] : ["GH_WEBHOOK_SECRET"])];
  if (config.provider === "hf-jobs") needed.push("HF_TOKEN");
  const missing = needed.filter((name) => !reader.has(name));
  if (config.provider === "hf-jobs" && config.hf.namespace === null) missing.push("HF_NAMESPACE");
  return missing;
}

/**
 * Parses the environment (names of huggingface/jobs-actions unchanged) and the optional
 * offload.yaml at OFFLOAD_CONFIG (the environment wins) into one frozen config. Missing
 * credentials are not problems: they are listed in `config.missing` so the dispatcher can start
 * in a needs-setup state. Unusable values are problems, all reported at once.
 */
export function loadConfig(env: Record<string, string | undefined>, options?: { readFile?: (path: string) => string }): LoadedConfig {
  const problems: ConfigProblem[] = [];
  const configPath = env.OFFLOAD_CONFIG?.trim();
  let fileSettings: RawSettings = new Map();
  let sections: FileSections = {};
  if (configPath) {
    const file = readConfigFile(configPath, options?.readFile ?? ((path) => readFileSync(path, "utf8")));
    fileSettings = file.settings;
    sections = file.sections;
    problems.push(...file.problems);
  }
  const raw = collectRawSettings(env, fileSettings);
  problems.push(...addSetupCredentials(raw, options?.readFile ?? ((path) => readFileSync(path, "utf8"))));
  const reader = new SettingsReader(raw);
  const github = readGitHub(reader);
  const policy = readPolicySection(sections, reader, configPath ? `offload.yaml (${configPath})` : "the environment");
  problems.push(...policy.problems);
  const partial: Omit<OffloadConfig, "missing"> = {
    port: reader.parse("PORT", 7860, integer(0, 65_535), "a TCP port from 0 to 65535", "Set PORT to a free port, e.g. 7860."),
    host: reader.text("HOST") ?? "0.0.0.0",
    logLevel: reader.parse("LOG_LEVEL", "info", parseLogLevel, "one of fatal, error, warn, info, debug, trace, silent (or Python's CRITICAL, WARNING, ...)", "Set LOG_LEVEL to info, or debug while investigating."),
    dataDir: reader.text("OFFLOAD_DATA_DIR") ?? "./.offload",
    databaseUrl: reader.parse("DATABASE_URL", null, (text) => (/^postgres(ql)?:\/\//.test(text) ? new Secret(text) : null), "a PostgreSQL URL postgres://user:password@host:5432/db", "Set DATABASE_URL to a postgres:// URL, or unset it to use SQLite in OFFLOAD_DATA_DIR.", { secret: true }),
    reconcileIntervalSeconds: reader.parse("OFFLOAD_RECONCILE_INTERVAL", 30, (text) => (/^\d+(\.\d+)?$/.test(text) && Number(text) >= 1 ? Number(text) : null), "a number of seconds, at least 1", "Set OFFLOAD_RECONCILE_INTERVAL to e.g. 30."),
    dispatcherId: reader.parse("OFFLOAD_DISPATCHER_ID", github.appId === null ? "offload" : `app-${github.appId}`, matching(/^[\w.-]{1,64}$/), "1 to 64 letters, digits, '.', '_' or '-'", "Set OFFLOAD_DISPATCHER_ID to a short name such as offload-prod."),
    publicUrl: reader.parse("OFFLOAD_PUBLIC_URL", null, parseHttpUrl, "the http(s) URL where GitHub reaches this dispatcher", "Set OFFLOAD_PUBLIC_URL to e.g. https://<owner>-<space>.hf.space."),
    // Set by Hugging Face inside a Space, never by people: taken as given, no problem to report.
    spaceId: reader.text("SPACE_ID"),
    spaceHost: reader.text("SPACE_HOST"),
    github,
    hf: {
      endpoint: reader.parse("HF_ENDPOINT", "https://huggingface.co", parseHttpUrl, "an http(s) URL such as https://huggingface.co", "Set HF_ENDPOINT to the Hub's URL, or unset it."),
      token: reader.secret("HF_TOKEN"),
      namespace: readHfNamespace(reader, env),
    },
    allowedRepositories: readAllowedRepositories(reader),
    policy: policy.policy,
    runnerImages: readRunnerImages(reader),
    jobTimeoutSeconds: reader.parse("JOB_TIMEOUT", 3600, parseDuration, "a duration such as 1h, 90m, 1.5h, 2d or plain seconds (at least 1 second)", "Set JOB_TIMEOUT to e.g. 1h."),
    bootTimeoutSeconds: reader.parse("OFFLOAD_BOOT_TIMEOUT", 600, parseDuration, "a duration such as 10m or 900 (seconds)", "Set OFFLOAD_BOOT_TIMEOUT to e.g. 10m."),
    bootTimeouts: readBootTimeouts(reader),
    warmPools: readWarmPools(reader),
    provider: reader.parse("OFFLOAD_PROVIDER", "hf-jobs", oneOf("hf-jobs", "local", "docker", "kubernetes"), "hf-jobs, local, docker or kubernetes", "Set OFFLOAD_PROVIDER to hf-jobs (default), local, docker or kubernetes."),
    kubernetes: readKubernetesSettings(reader),
    adminToken: readAdminToken(reader),
    leaderLease: readLeaderLease(reader),
    scaleSets: readScaleSets(reader),
    publicStatus: reader.parse("OFFLOAD_PUBLIC_STATUS", false, parseBoolean, "true or false", "Set OFFLOAD_PUBLIC_STATUS=true to make /status public, or unset it."),
    local: {
      runnerCommand: reader.parse("OFFLOAD_LOCAL_RUNNER_COMMAND", [], parseRunnerCommand, "a JSON array of strings or a command line with balanced quotes", "Set OFFLOAD_LOCAL_RUNNER_COMMAND to e.g. [\"./runner/run.sh\"]."),
      gpus: readLocalGpus(reader),
    },
    ...readOwnHardware(reader),
  };
  problems.push(...reader.problems);
  return { config: deepFreeze({ ...partial, missing: listMissing(reader, partial) }), problems };
}
