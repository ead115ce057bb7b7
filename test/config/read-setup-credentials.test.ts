import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { deriveGitHubWebUrl } from "../../src/config/derive-github-web-url.js";
import { loadConfig } from "../../src/config/load-config.js";
import { configuredEnv, testPrivateKeyPem } from "../support/intake-fixtures.js";

let dataDir = "";
afterEach(() => {
  if (dataDir !== "") rmSync(dataDir, { recursive: true, force: true });
  dataDir = "";
});

function writeCredentials(content: string): string {
  dataDir = mkdtempSync(join(tmpdir(), "offload-config-"));
  writeFileSync(join(dataDir, "setup-credentials.json"), content, { mode: 0o600 });
  return dataDir;
}

const stored = () => JSON.stringify({ GH_APP_ID: "777", GH_APP_PRIVATE_KEY: testPrivateKeyPem(), GH_WEBHOOK_SECRET: "stored-secret", app: { slug: "offload-acme" } });
const withoutGitHub = (extra: Record<string, string>) => configuredEnv({ GH_APP_ID: undefined, GH_APP_PRIVATE_KEY: undefined, GH_WEBHOOK_SECRET: undefined, ...extra });

describe("loadConfig with credentials stored by /setup", () => {
  it("reads the App id, key and webhook secret from <dataDir>/setup-credentials.json when the environment has none", () => {
    const dir = writeCredentials(stored());
    const { config, problems } = loadConfig(withoutGitHub({ OFFLOAD_DATA_DIR: dir }));
    expect(problems).toEqual([]);
    expect(config.github.appId).toBe("777");
    expect(config.github.privateKey?.reveal()).toBe(testPrivateKeyPem());
    expect(config.github.webhookSecrets.map((secret) => secret.reveal())).toEqual(["stored-secret"]);
    expect(config.missing).toEqual([]);
  });

  it("lets the environment win over the stored file, setting by setting", () => {
    const dir = writeCredentials(stored());
    const { config } = loadConfig(withoutGitHub({ OFFLOAD_DATA_DIR: dir, GH_APP_ID: "12345", GH_WEBHOOK_SECRET: "from-env" }));
    expect(config.github.appId).toBe("12345");
    expect(config.github.webhookSecrets[0]?.reveal()).toBe("from-env");
    expect(config.github.privateKey?.reveal()).toBe(testPrivateKeyPem());
  });

  it("treats a missing file as no credentials, not as a problem", () => {
    dataDir = mkdtempSync(join(tmpdir(), "offload-config-"));
    const { config, problems } = loadConfig(withoutGitHub({ OFFLOAD_DATA_DIR: dataDir }));
    expect(problems).toEqual([]);
    expect(config.missing).toEqual(["GH_APP_ID", "GH_APP_PRIVATE_KEY", "GH_WEBHOOK_SECRET"]);
  });

  it("reports a file that is not JSON without quoting it", () => {
    const dir = writeCredentials("GH_APP_PRIVATE_KEY=CANARY");
    const { problems } = loadConfig(withoutGitHub({ OFFLOAD_DATA_DIR: dir }));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain("setup-credentials.json");
    expect(JSON.stringify(problems)).not.toContain("CANARY");
  });

  it("names the stored file when a stored value is unusable", () => {
    const dir = writeCredentials(JSON.stringify({ GH_APP_ID: "not-an-id" }));
    const { problems } = loadConfig(withoutGitHub({ OFFLOAD_DATA_DIR: dir }));
    expect(problems[0]?.message).toContain("stored by /setup");
  });
});

describe("the GitHub web URL", () => {
  it.each([
    ["https://api.github.com", "https://github.com"],
    ["https://ghe.example.com/api/v3", "https://ghe.example.com"],
    ["https://example.com/github/api/v3/", "https://example.com/github"],
    ["http://127.0.0.1:4321", "http://127.0.0.1:4321"],
  ])("is derived from the API root %s as %s", (api, web) => {
    expect(deriveGitHubWebUrl(api)).toBe(web);
  });

  it("comes from GITHUB_WEB_URL when set, and SPACE_ID and SPACE_HOST pass through", () => {
    const { config, problems } = loadConfig(configuredEnv({ GITHUB_WEB_URL: "http://127.0.0.1:9/", SPACE_ID: "acme/offload", SPACE_HOST: "acme-offload.hf.space" }));
    expect(problems).toEqual([]);
    expect(config.github.webUrl).toBe("http://127.0.0.1:9");
    expect(config).toMatchObject({ spaceId: "acme/offload", spaceHost: "acme-offload.hf.space" });
  });
});
