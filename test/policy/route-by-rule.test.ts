import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import type { JobFact } from "../../src/intake/job-fact.js";
import type { PoolSpec, Routing } from "../../src/policy/routing.js";
import { routeFallbacks } from "../../src/policy/route-by-rule.js";
import { matchesPattern } from "../../src/policy/match-label-rule.js";
import { routeJob } from "../../src/policy/route-job.js";
import { configuredEnv } from "../support/intake-fixtures.js";
import { makeFact } from "../support/ledger-fixtures.js";

const YAML = `
docker:
  hosts: [{ name: lab-1, url: "unix:///var/run/docker.sock", gpus: 8 }]
rules:
  - labels: lab-a100x2
    backend: docker
    image: ghcr.io/acme/runner-gpu:1
    timeout: 2h
    fallbacks: [hf-a100]
  - name: lab-gpu-group
    labels: ["lab-h100x*"]
    backend: docker
    runnerGroup: gpu-lab
  - name: lab-group-7
    labels: lab-l4x1
    backend: docker
    runnerGroup: 7
    scope: org
  - name: hf-a100
    labels: hf-a100
    backend: hf-jobs
    flavor: a100-large
`;

const config = (() => {
  const { config: loaded, problems } = loadConfig(configuredEnv({ OFFLOAD_CONFIG: "/offload.yaml" }), { readFile: () => YAML });
  if (problems.length > 0) throw new Error(JSON.stringify(problems));
  return loaded;
})();

function pool(routing: Routing): PoolSpec {
  if (routing.kind !== "pool") throw new Error(`expected a pool, got ${JSON.stringify(routing)}`);
  return routing.pool;
}

const orgFact = (labels: string[]): JobFact => makeFact({ labels, ownerType: "Organization" });

describe("routing by label rule", () => {
  it("sends a job whose label matches a rule to the rule's backend, with the rule as its flavor", () => {
    expect(pool(routeJob(makeFact({ labels: ["self-hosted", "lab-a100x2"] }), config))).toEqual({
      key: "repo:octo-org/hello|g1|lab-a100x2,self-hosted",
      scope: { kind: "repo", installationId: 77_000_001, owner: "octo-org", repo: "hello" },
      runnerGroupId: 1,
      labels: ["lab-a100x2", "self-hosted"],
      provider: "docker",
      flavor: "lab-a100x2",
      image: "ghcr.io/acme/runner-gpu:1",
      timeoutSeconds: 7200,
    });
  });

  it("routes a rule to HF Jobs with the rule's HF flavor", () => {
    expect(pool(routeJob(makeFact({ labels: ["hf-a100"] }), config))).toMatchObject({ provider: "hf-jobs", flavor: "a100-large" });
  });

  it("leaves hf-jobs-<flavor> labels to the built-in routing when no rule matches", () => {
    expect(pool(routeJob(makeFact({ labels: ["hf-jobs-t4-small"] }), config))).toMatchObject({ provider: "hf-jobs", flavor: "t4-small" });
  });

  it("registers an organisation runner in the rule's runner group, resolved by name", () => {
    const routed = pool(routeJob(orgFact(["lab-h100x8"]), config, (org, name) => (org === "octo-org" && name === "gpu-lab" ? 42 : null)));
    expect(routed).toMatchObject({ scope: { kind: "org", owner: "octo-org" }, runnerGroupId: 42, flavor: "lab-gpu-group" });
    expect(routed.key).toBe("org:octo-org|g42|lab-h100x8");
  });

  it("takes a runner group given by id as it is", () => {
    expect(pool(routeJob(orgFact(["lab-l4x1"]), config))).toMatchObject({ runnerGroupId: 7, scope: { kind: "org" } });
  });

  it.each([
    ["the organisation has no such group", orgFact(["lab-h100x8"]), "which organisation octo-org does not have"],
    ["the repository belongs to a user", makeFact({ labels: ["lab-h100x8"], ownerType: "User" }), "runner groups exist only for organisations"],
  ])("refuses a rule's runner group when %s", (_, fact, reason) => {
    const routing = routeJob(fact, config, () => null);
    expect(routing).toMatchObject({ kind: "refused", code: "OFFLOAD_RUNNER_GROUP_UNKNOWN" });
    expect(routing.kind === "refused" ? routing.reason : "").toContain(reason);
  });

  it("gives the pools of a rule's fallbacks, in order, only when configured", () => {
    const rule = config.rules[0];
    if (rule === undefined) throw new Error("rule missing");
    expect(routeFallbacks(makeFact({ labels: ["lab-a100x2"] }), config, rule).map((spec) => [spec.provider, spec.flavor])).toEqual([["hf-jobs", "a100-large"]]);
    const second = config.rules[1];
    if (second === undefined) throw new Error("rule missing");
    expect(routeFallbacks(orgFact(["lab-h100x8"]), config, second)).toEqual([]);
  });

  it.each([
    ["lab-*", "lab-a100x2", true],
    ["lab-*", "LAB-X", true],
    ["lab-*", "xlab-a", false],
    ["gpu.x", "gpuax", false],
  ])("pattern %s matches %s: %s", (pattern, label, expected) => {
    expect(matchesPattern(pattern, label)).toBe(expected);
  });
});
