import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { OPEN_POLICY } from "../../src/policy/policy.js";
import { configuredEnv } from "../support/intake-fixtures.js";

const files = (text: string) => ({ readFile: (path: string) => (path === "/etc/offload.yaml" ? text : "") });

const YAML = `
policy:
  repositories: { allow: [acme/*], deny: [acme/secret], default: deny }
  flavors:
    - repositories: acme/public-*
      allow: [cpu-*, t4-*]
      maxGpus: 1
  concurrency: { global: 20, perFlavor: { h200x8: 1 }, perRepository: 5 }
  timeouts: { "hf-jobs-h200*": 30m }
  forkPullRequests: { public: sandbox, sandbox: { flavor: cpu-basic, timeout: 10m }, approveLabel: safe-to-test }
  prices: { lab-a100x2: 1.2 }
budgets:
  - repository: acme/app
    monthly: 100
  - organization: acme
    monthly: 500
  - monthly: 1000
`;

describe("loadConfig's policy and budgets", () => {
  it("reads offload.yaml's policy and budgets sections", () => {
    const { config, problems } = loadConfig(configuredEnv({ OFFLOAD_CONFIG: "/etc/offload.yaml" }), files(YAML));
    expect(problems).toEqual([]);
    expect(config.policy.repositories).toEqual({ allow: ["acme/*"], deny: ["acme/secret"], default: "deny" });
    expect(config.policy.flavorRules).toEqual([{ repositories: ["acme/public-*"], allow: ["cpu-*", "t4-*"], deny: [], maxGpus: 1 }]);
    expect(config.policy.concurrency).toEqual({ global: 20, perFlavor: [{ flavor: "h200x8", max: 1 }], perRepository: 5 });
    expect(config.policy.timeouts).toEqual([{ label: "hf-jobs-h200*", seconds: 1800 }]);
    expect(config.policy.forks).toEqual({ public: "sandbox", private: "allow", approveLabel: "safe-to-test", sandbox: { flavor: "cpu-basic", timeoutSeconds: 600 } });
    expect(config.policy.budgets.map((b) => [b.scope, b.monthlyUsd])).toEqual([["repository", 100], ["organization", 500], ["all", 1000]]);
    expect(config.policy.prices.get("lab-a100x2")).toBe(1.2);
  });

  it("holds forks of public repositories and limits nothing when there is no policy", () => {
    const { config } = loadConfig(configuredEnv());
    expect(config.policy).toEqual(OPEN_POLICY);
  });

  it("takes the simple cases from the environment, which wins over the file", () => {
    const env = configuredEnv({ OFFLOAD_CONFIG: "/etc/offload.yaml", OFFLOAD_MAX_RUNNERS: "3", OFFLOAD_FORK_PULL_REQUESTS: "deny", OFFLOAD_MONTHLY_BUDGET_USD: "42.5" });
    const { config, problems } = loadConfig(env, files(YAML));
    expect(problems).toEqual([]);
    expect(config.policy.concurrency.global).toBe(3);
    expect(config.policy.forks.public).toBe("deny");
    expect(config.policy.budgets.at(-1)).toEqual({ scope: "all", match: [], monthlyUsd: 42.5 });
  });

  it("reports every unusable policy value at once, naming where it is", () => {
    const yaml = "policy:\n  timeouts: { hf-jobs-x: soon }\n  forkPullRequests: { public: maybe }\nbudgets:\n  - { repository: a/b, organization: a, monthly: 1 }\n";
    const { problems } = loadConfig(configuredEnv({ OFFLOAD_CONFIG: "/etc/offload.yaml", OFFLOAD_MAX_RUNNERS: "many" }), files(yaml));
    expect(problems.map((p) => p.setting)).toEqual(["offload.yaml: policy.forkPullRequests.public", "OFFLOAD_MAX_RUNNERS"]);
    const fixed = loadConfig(configuredEnv({ OFFLOAD_CONFIG: "/etc/offload.yaml", OFFLOAD_MAX_RUNNERS: "many" }), files(yaml.replace("public: maybe", "public: hold")));
    expect(fixed.problems.map((p) => p.setting).sort()).toEqual(["OFFLOAD_MAX_RUNNERS", "budgets[0]", "policy.timeouts.hf-jobs-x"]);
  });
});
