import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { configuredEnv } from "../support/intake-fixtures.js";

const load = (yaml: string) => loadConfig({ ...configuredEnv(), OFFLOAD_CONFIG: "/etc/offload.yaml" }, { readFile: () => yaml });

describe("warm pools in offload.yaml", () => {
  it("reads a warm pool with its schedule in a time zone and its maximum idle age", () => {
    const { config, problems } = load(`
warmPools:
  - labels: hf-jobs-t4-small
    repository: acme/app
    min: 2
    schedule: { days: [mon, fri], hours: "08:00-20:00", timeZone: Europe/Paris }
    maxIdle: 30m
`);
    expect(problems).toEqual([]);
    expect(config.warmPools).toEqual([
      { labels: ["hf-jobs-t4-small"], repository: "acme/app", organization: null, installationId: null, min: 2, schedule: { days: ["mon", "fri"], from: "08:00", to: "20:00", timeZone: "Europe/Paris" }, maxIdleSeconds: 1800 },
    ]);
  });

  it("reports every problem of a warm pool at once, naming offload.yaml's key", () => {
    const { problems } = load(`
warmPools:
  - labels: [hf-jobs-t4-small]
    repository: acme/app
    organization: acme
    min: -1
    schedule: { hours: "8-20", timeZone: Mars/Olympus }
`);
    expect(problems.length).toBeGreaterThanOrEqual(4);
    expect(problems.every((p) => p.setting.startsWith("offload.yaml: warmPools.0"))).toBe(true);
    const messages = problems.map((p) => p.message).join("\n");
    expect(messages).toMatch(/warmPools\.0\.min/);
    expect(messages).toMatch(/HH:MM-HH:MM/);
    expect(messages).toMatch(/IANA time zone/);
    expect(messages).toMatch(/exactly one of repository or organization/);
  });
});
