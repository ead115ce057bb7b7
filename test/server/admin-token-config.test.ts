import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { configuredEnv } from "../support/intake-fixtures.js";

describe("the dashboard's settings", () => {
  it("reads OFFLOAD_ADMIN_TOKEN as a secret and OFFLOAD_PUBLIC_STATUS as a flag", () => {
    const { config, problems } = loadConfig(configuredEnv({ OFFLOAD_ADMIN_TOKEN: "0123456789abcdef0123", OFFLOAD_PUBLIC_STATUS: "true" }));
    expect(problems).toEqual([]);
    expect(config.adminToken?.reveal()).toBe("0123456789abcdef0123");
    expect(JSON.stringify(config)).not.toContain("0123456789abcdef0123");
    expect(config.publicStatus).toBe(true);
  });

  it("defaults to no token and a private status page", () => {
    const { config } = loadConfig(configuredEnv());
    expect(config.adminToken).toBeNull();
    expect(config.publicStatus).toBe(false);
  });

  it("refuses a short admin token without quoting it, and an unreadable flag", () => {
    const { config, problems } = loadConfig(configuredEnv({ OFFLOAD_ADMIN_TOKEN: "short-tok", OFFLOAD_PUBLIC_STATUS: "maybe" }));
    expect(config.adminToken).toBeNull();
    expect(problems.map((problem) => problem.setting)).toEqual(["OFFLOAD_ADMIN_TOKEN", "OFFLOAD_PUBLIC_STATUS"]);
    expect(JSON.stringify(problems)).not.toContain("short-tok");
    expect(problems[0]?.fix).toContain("openssl rand -hex 32");
  });
});
