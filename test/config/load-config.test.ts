import { describe, expect, it } from "vitest";
import type { OffloadConfig } from "../../src/config/config.js";
import { loadConfig } from "../../src/config/load-config.js";
import { configuredEnv, testPrivateKeyPem } from "../support/intake-fixtures.js";

/** Reads one value out of a config, for the tables below. */
type Pick = (config: OffloadConfig) => unknown;

const defaults: [string, Pick, unknown][] = [
  ["PORT", (c) => c.port, 7860],
  ["HOST", (c) => c.host, "0.0.0.0"],
  ["LOG_LEVEL", (c) => c.logLevel, "info"],
  ["OFFLOAD_DATA_DIR", (c) => c.dataDir, "./.offload"],
  ["DATABASE_URL", (c) => c.databaseUrl, null],
  ["OFFLOAD_RECONCILE_INTERVAL", (c) => c.reconcileIntervalSeconds, 30],
  ["OFFLOAD_DISPATCHER_ID", (c) => c.dispatcherId, "app-12345"],
  ["OFFLOAD_PUBLIC_URL", (c) => c.publicUrl, null],
  ["GITHUB_API_URL", (c) => c.github.apiUrl, "https://api.github.com"],
  ["OFFLOAD_RUNNER_SCOPE", (c) => c.github.runnerScope, "repo"],
  ["OFFLOAD_RUNNER_GROUP_ID", (c) => c.github.runnerGroupId, 1],
  ["HF_ENDPOINT", (c) => c.hf.endpoint, "https://huggingface.co"],
  ["ALLOWED_GITHUB_REPOSITORIES", (c) => c.allowedRepositories, null],
  ["RUNNER_IMAGE_CPU", (c) => c.runnerImages.get("CPU"), "ubuntu:24.04"],
  ["RUNNER_IMAGE_GPU", (c) => c.runnerImages.get("GPU"), "nvidia/cuda:12.9.2-runtime-ubuntu24.04"],
  ["JOB_TIMEOUT", (c) => c.jobTimeoutSeconds, 3600],
  ["OFFLOAD_PROVIDER", (c) => c.provider, "hf-jobs"],
  ["OFFLOAD_LOCAL_RUNNER_COMMAND", (c) => c.local.runnerCommand, []],
];

const accepted: [string, string, Pick, unknown][] = [
  ["GH_APP_ID", "987654", (c) => c.github.appId, "987654"],
  ["GH_APP_ID", "Iv23liABCdef", (c) => c.github.appId, "Iv23liABCdef"],
  ["GH_WEBHOOK_SECRET", " spaced secret ", (c) => c.github.webhookSecrets[0]?.reveal(), " spaced secret "],
  ["HF_TOKEN", "hf_abc", (c) => c.hf.token?.reveal(), "hf_abc"],
  ["HF_NAMESPACE", "my-org", (c) => c.hf.namespace, "my-org"],
  ["ALLOWED_GITHUB_REPOSITORIES", " Acme/API , acme/web.js,", (c) => [...(c.allowedRepositories ?? [])], ["acme/api", "acme/web.js"]],
  ["RUNNER_IMAGE_cuda13", "nvidia/cuda:13.0.0-runtime-ubuntu24.04", (c) => c.runnerImages.get("CUDA13"), "nvidia/cuda:13.0.0-runtime-ubuntu24.04"],
  ["RUNNER_IMAGE_CPU", "ghcr.io/acme/runner:cpu", (c) => c.runnerImages.get("CPU"), "ghcr.io/acme/runner:cpu"],
  ["RUNNER_IMAGE_GPU", "", (c) => c.runnerImages.get("GPU"), "nvidia/cuda:12.9.2-runtime-ubuntu24.04"],
  ["JOB_TIMEOUT", "90m", (c) => c.jobTimeoutSeconds, 5400],
  ["JOB_TIMEOUT", "1.5h", (c) => c.jobTimeoutSeconds, 5400],
  ["JOB_TIMEOUT", "2d", (c) => c.jobTimeoutSeconds, 172_800],
  ["JOB_TIMEOUT", "45s", (c) => c.jobTimeoutSeconds, 45],
  ["JOB_TIMEOUT", "600", (c) => c.jobTimeoutSeconds, 600],
  ["JOB_TIMEOUT", "2H", (c) => c.jobTimeoutSeconds, 7200],
  ["LOG_LEVEL", "DEBUG", (c) => c.logLevel, "debug"],
  ["LOG_LEVEL", "WARNING", (c) => c.logLevel, "warn"],
  ["LOG_LEVEL", "CRITICAL", (c) => c.logLevel, "fatal"],
  ["LOG_LEVEL", "Error", (c) => c.logLevel, "error"],
  ["LOG_LEVEL", "silent", (c) => c.logLevel, "silent"],
  ["PORT", "8080", (c) => c.port, 8080],
  ["PORT", "0", (c) => c.port, 0],
  ["HOST", "127.0.0.1", (c) => c.host, "127.0.0.1"],
  ["GITHUB_API_URL", "https://ghe.example.com/api/v3///", (c) => c.github.apiUrl, "https://ghe.example.com/api/v3"],
  ["HF_ENDPOINT", "http://127.0.0.1:9000/", (c) => c.hf.endpoint, "http://127.0.0.1:9000"],
  ["OFFLOAD_DATA_DIR", "/var/lib/offload", (c) => c.dataDir, "/var/lib/offload"],
  ["OFFLOAD_RECONCILE_INTERVAL", "5", (c) => c.reconcileIntervalSeconds, 5],
  ["OFFLOAD_RECONCILE_INTERVAL", "1.5", (c) => c.reconcileIntervalSeconds, 1.5],
  ["DATABASE_URL", "postgres://u:p@db:5432/offload", (c) => c.databaseUrl?.reveal(), "postgres://u:p@db:5432/offload"],
  ["OFFLOAD_PUBLIC_URL", "https://acme-offload.hf.space/", (c) => c.publicUrl, "https://acme-offload.hf.space"],
  ["OFFLOAD_PROVIDER", "local", (c) => c.provider, "local"],
  ["OFFLOAD_PROVIDER", "HF-JOBS", (c) => c.provider, "hf-jobs"],
  ["OFFLOAD_LOCAL_RUNNER_COMMAND", '["node","runner.js","--once"]', (c) => c.local.runnerCommand, ["node", "runner.js", "--once"]],
  ["OFFLOAD_LOCAL_RUNNER_COMMAND", `./run.sh 'two words' "a \\"quote\\"" back\\ slash`, (c) => c.local.runnerCommand, ["./run.sh", "two words", 'a "quote"', "back slash"]],
  ["OFFLOAD_DISPATCHER_ID", "offload-prod", (c) => c.dispatcherId, "offload-prod"],
  ["OFFLOAD_RUNNER_SCOPE", "org", (c) => c.github.runnerScope, "org"],
  ["OFFLOAD_RUNNER_GROUP_ID", "7", (c) => c.github.runnerGroupId, 7],
];

const rejected: [string, string][] = [
  ["GH_APP_ID", "my-app"],
  ["GH_APP_PRIVATE_KEY", "not a key"],
  ["ALLOWED_GITHUB_REPOSITORIES", "acme"],
  ["ALLOWED_GITHUB_REPOSITORIES", "acme/api/extra"],
  ["ALLOWED_GITHUB_REPOSITORIES", "/api"],
  ["ALLOWED_GITHUB_REPOSITORIES", "acme/.."],
  ["ALLOWED_GITHUB_REPOSITORIES", ","],
  ["RUNNER_IMAGE_", "ubuntu:24.04"],
  ["RUNNER_IMAGE_CPU", "ubuntu 24.04"],
  ["JOB_TIMEOUT", "1x"],
  ["JOB_TIMEOUT", "0"],
  ["JOB_TIMEOUT", "-5m"],
  ["JOB_TIMEOUT", "soon"],
  ["LOG_LEVEL", "verbose"],
  ["PORT", "70000"],
  ["PORT", "80a"],
  ["PORT", "-1"],
  ["GITHUB_API_URL", "api.github.com"],
  ["GITHUB_API_URL", "ftp://example.com"],
  ["HF_ENDPOINT", "not a url"],
  ["OFFLOAD_RECONCILE_INTERVAL", "0.5"],
  ["OFFLOAD_RECONCILE_INTERVAL", "0x10"],
  ["DATABASE_URL", "mysql://u:p@db/offload"],
  ["OFFLOAD_PUBLIC_URL", "example.com"],
  ["OFFLOAD_PROVIDER", "docker-swarm"],
  ["OFFLOAD_LOCAL_RUNNER_COMMAND", "./run.sh 'unclosed"],
  ["OFFLOAD_LOCAL_RUNNER_COMMAND", '["node", 3]'],
  ["OFFLOAD_LOCAL_RUNNER_COMMAND", "[]"],
  ["OFFLOAD_DISPATCHER_ID", "has spaces"],
  ["OFFLOAD_RUNNER_SCOPE", "enterprise"],
  ["OFFLOAD_RUNNER_GROUP_ID", "0"],
];

describe("loadConfig", () => {
  it.each(defaults)("uses the default for %s when it is unset", (_name, pick, expected) => {
    const { config, problems } = loadConfig(configuredEnv());
    expect(problems).toEqual([]);
    expect(pick(config)).toEqual(expected);
  });

  it.each(accepted)("reads %s=%j", (name, value, pick, expected) => {
    const { config, problems } = loadConfig(configuredEnv({ [name]: value }));
    expect(problems).toEqual([]);
    expect(pick(config)).toEqual(expected);
  });

  it.each(rejected)("reports %s=%j as a problem naming the setting, the expectation and a fix", (name, value) => {
    const { problems } = loadConfig(configuredEnv({ [name]: value }));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.setting).toBe(name);
    expect(problems[0]?.message).toContain(`${name}`);
    expect(problems[0]?.message).toContain("expected");
    expect(problems[0]?.fix.length).toBeGreaterThan(10);
  });

  it("reports every problem at once", () => {
    const { problems } = loadConfig(configuredEnv({ PORT: "x", JOB_TIMEOUT: "y", LOG_LEVEL: "z", OFFLOAD_PROVIDER: "w" }));
    expect(problems.map((problem) => problem.setting).sort()).toEqual(["JOB_TIMEOUT", "LOG_LEVEL", "OFFLOAD_PROVIDER", "PORT"]);
  });

  it("never quotes a secret's value in a problem", () => {
    const { problems } = loadConfig(configuredEnv({ GH_APP_PRIVATE_KEY: "CANARY-not-a-key", DATABASE_URL: "mysql://u:CANARY-pw@db/x" }));
    expect(problems).toHaveLength(2);
    expect(JSON.stringify(problems)).not.toContain("CANARY");
  });

  it("turns literal \\n in a one-line private key into newlines", () => {
    const oneLine = testPrivateKeyPem().trim().replaceAll("\n", "\\n");
    const { config, problems } = loadConfig(configuredEnv({ GH_APP_PRIVATE_KEY: oneLine }));
    expect(problems).toEqual([]);
    expect(config.github.privateKey?.reveal()).toBe(testPrivateKeyPem().trim());
  });

  it("keeps both webhook secrets during a rotation, the current one first", () => {
    const { config } = loadConfig(configuredEnv({ GH_WEBHOOK_SECRET: "old", GH_WEBHOOK_SECRET_NEXT: "new" }));
    expect(config.github.webhookSecrets.map((secret) => secret.reveal())).toEqual(["old", "new"]);
  });

  it("wraps every credential in a Secret that prints [redacted]", () => {
    const { config } = loadConfig(configuredEnv({ DATABASE_URL: "postgres://u:CANARY@db/x" }));
    const printed = JSON.stringify(config, (_key, value: unknown) => (value instanceof Map || value instanceof Set ? [...value] : value));
    expect(printed).not.toContain("CANARY");
    expect(printed).not.toContain("hf_test_token");
    expect(printed).not.toContain("BEGIN PRIVATE KEY");
    expect(printed).toContain("[redacted]");
  });

  it("lists missing credentials instead of reporting them as problems", () => {
    const { config, problems } = loadConfig({});
    expect(problems).toEqual([]);
    expect(config.missing).toEqual(["GH_APP_ID", "GH_APP_PRIVATE_KEY", "GH_WEBHOOK_SECRET", "HF_TOKEN", "HF_NAMESPACE"]);
    expect(config.dispatcherId).toBe("offload");
  });

  it("treats blank values as unset", () => {
    const { config, problems } = loadConfig(configuredEnv({ HF_TOKEN: "  ", PORT: "" }));
    expect(problems).toEqual([]);
    expect(config.missing).toEqual(["HF_TOKEN"]);
    expect(config.port).toBe(7860);
  });

  it("needs neither HF_TOKEN nor HF_NAMESPACE for the local provider", () => {
    const { config } = loadConfig(configuredEnv({ OFFLOAD_PROVIDER: "local", HF_TOKEN: undefined, HF_NAMESPACE: undefined }));
    expect(config.missing).toEqual([]);
  });

  it.each([
    [{ SPACE_AUTHOR_NAME: "space-author", SPACE_ID: "space-owner/dispatcher" }, "space-author"],
    [{ SPACE_ID: "space-owner/dispatcher" }, "space-owner"],
    [{ HF_NAMESPACE: "explicit", SPACE_AUTHOR_NAME: "space-author" }, "explicit"],
  ])("finds the HF namespace from %j", (env, expected) => {
    const { config } = loadConfig(configuredEnv({ HF_NAMESPACE: undefined, ...env }));
    expect(config.hf.namespace).toBe(expected);
    expect(config.missing).toEqual([]);
  });

  it("never widens the allowlist when an entry is invalid", () => {
    const { config, problems } = loadConfig(configuredEnv({ ALLOWED_GITHUB_REPOSITORIES: "acme/api,nonsense" }));
    expect(problems[0]?.message).toContain("nonsense");
    expect([...(config.allowedRepositories ?? [])]).toEqual(["acme/api"]);
  });

  it("freezes the whole configuration, sets and maps included", () => {
    const { config } = loadConfig(configuredEnv({ ALLOWED_GITHUB_REPOSITORIES: "acme/api" }));
    expect(Object.isFrozen(config) && Object.isFrozen(config.github) && Object.isFrozen(config.github.webhookSecrets)).toBe(true);
    expect(() => (config.allowedRepositories as Set<string>).add("evil/repo")).toThrow(TypeError);
    expect(() => (config.runnerImages as Map<string, string>).set("CPU", "evil")).toThrow(TypeError);
    expect(() => ((config as { port: number }).port = 1)).toThrow(TypeError);
  });
});

describe("loadConfig with offload.yaml", () => {
  const files = (text: string) => ({ readFile: (path: string) => (path === "/etc/offload.yaml" ? text : "") });

  it("reads camelCase settings from the file", () => {
    const yaml = ["port: 9000", "jobTimeout: 2h", "runnerScope: org", "runnerGroupId: 3", "provider: local", "dispatcherId: lab", "localRunnerCommand: [node, runner.js]", "allowedGithubRepositories: [Acme/API, acme/web]", "runnerImages:", "  cuda13: nvidia/cuda:13"].join("\n");
    const { config, problems } = loadConfig(configuredEnv({ OFFLOAD_CONFIG: "/etc/offload.yaml" }), files(yaml));
    expect(problems).toEqual([]);
    expect(config).toMatchObject({ port: 9000, jobTimeoutSeconds: 7200, provider: "local", dispatcherId: "lab", local: { runnerCommand: ["node", "runner.js"] } });
    expect(config.github).toMatchObject({ runnerScope: "org", runnerGroupId: 3 });
    expect([...(config.allowedRepositories ?? [])]).toEqual(["acme/api", "acme/web"]);
    expect(config.runnerImages.get("CUDA13")).toBe("nvidia/cuda:13");
  });

  it("lets the environment win over the file", () => {
    const { config } = loadConfig(configuredEnv({ OFFLOAD_CONFIG: "/etc/offload.yaml", PORT: "8081" }), files("port: 9000\n"));
    expect(config.port).toBe(8081);
  });

  it("reports unknown keys, naming them and the known ones", () => {
    const { problems } = loadConfig(configuredEnv({ OFFLOAD_CONFIG: "/etc/offload.yaml" }), files("prot: 9000\nport: 9000\n"));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain("prot");
    expect(problems[0]?.message).toContain("runnerScope");
  });

  it("names the file key when a value in the file is unusable", () => {
    const { problems } = loadConfig(configuredEnv({ OFFLOAD_CONFIG: "/etc/offload.yaml" }), files("port: 99999\n"));
    expect(problems[0]?.setting).toBe("port");
    expect(problems[0]?.message).toContain("offload.yaml (/etc/offload.yaml)");
  });

  it("reports a file that cannot be read or parsed", () => {
    const unreadable = loadConfig(configuredEnv({ OFFLOAD_CONFIG: "/missing.yaml" }), { readFile: () => { throw new Error("ENOENT: no such file"); } });
    expect(unreadable.problems[0]).toMatchObject({ setting: "OFFLOAD_CONFIG" });
    expect(unreadable.problems[0]?.message).toContain("ENOENT");
    const broken = loadConfig(configuredEnv({ OFFLOAD_CONFIG: "/etc/offload.yaml" }), files("port: [unclosed\n"));
    expect(broken.problems[0]).toMatchObject({ setting: "OFFLOAD_CONFIG" });
  });

  it("reports a wrongly typed value in the file", () => {
    const { problems } = loadConfig(configuredEnv({ OFFLOAD_CONFIG: "/etc/offload.yaml" }), files("port:\n  nested: true\n"));
    expect(problems[0]?.setting).toBe("offload.yaml: port");
  });
});
