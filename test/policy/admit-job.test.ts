import { describe, expect, it } from "vitest";
import type { PoolSpec, Routing } from "../../src/policy/routing.js";
import { admitJob } from "../../src/policy/admit-job.js";
import { OPEN_POLICY, type AdmissionPolicy } from "../../src/policy/policy.js";

const POOL: PoolSpec = {
  key: "repo:acme/app|g1|hf-jobs-h200x8",
  scope: { kind: "repo", installationId: 1, owner: "acme", repo: "app" },
  runnerGroupId: 1,
  labels: ["hf-jobs-h200x8"],
  provider: "hf-jobs",
  flavor: "h200x8",
  image: "img",
  timeoutSeconds: 3600,
};
const SERVED: Routing = { kind: "pool", pool: POOL };

function policy(overrides: Partial<AdmissionPolicy>): AdmissionPolicy {
  return { ...OPEN_POLICY, ...overrides };
}

function verdict(routing: Routing): string {
  return routing.kind === "refused" ? `${routing.code}: ${routing.reason}` : routing.kind;
}

describe("admitJob", () => {
  it.each([
    ["no rules", OPEN_POLICY, "acme/app", "pool"],
    ["a repository on the deny list", policy({ repositories: { allow: [], deny: ["acme/app"], default: "allow" } }), "acme/app", "OFFLOAD_POLICY_REPO_DENIED"],
    ["an owner on the deny list", policy({ repositories: { allow: [], deny: ["acme"], default: "allow" } }), "acme/app", "OFFLOAD_POLICY_REPO_DENIED"],
    ["a repository an allow glob names", policy({ repositories: { allow: ["acme/*"], deny: [], default: "deny" } }), "acme/app", "pool"],
    ["a repository no allow entry names, default deny", policy({ repositories: { allow: [], deny: [], default: "deny" } }), "acme/app", "OFFLOAD_POLICY_REPO_DENIED"],
    ["a repository outside a non-empty allow list", policy({ repositories: { allow: ["other/*"], deny: [], default: "allow" } }), "acme/app", "OFFLOAD_POLICY_REPO_DENIED"],
    ["deny beating allow", policy({ repositories: { allow: ["acme/*"], deny: ["acme/app"], default: "allow" } }), "acme/app", "OFFLOAD_POLICY_REPO_DENIED"],
  ])("with %s, a job of %s is %s", (_what, rules, repo, expected) => {
    expect(verdict(admitJob({ repo }, SERVED, rules, { gpus: 8 }))).toContain(expected);
  });

  it("refuses hf-jobs-h200x8 for a repository not allowed GPUs, and says how to fix it", () => {
    const rules = policy({ flavorRules: [{ repositories: ["acme/*"], allow: [], deny: [], maxGpus: 0 }] });
    const routing = admitJob({ repo: "acme/app" }, SERVED, rules, { gpus: 8 });
    expect(routing).toEqual({
      kind: "refused",
      code: "OFFLOAD_POLICY_TOO_MANY_GPUS",
      reason: "label hf-jobs-h200x8 asks for 8 GPUs, but acme/app may use no GPUs (policy.flavors maxGpus in offload.yaml); pick a smaller flavor or ask an admin to raise the limit",
    });
  });

  it.each([
    [{ allow: ["cpu-*", "t4-*"], deny: [] }, "OFFLOAD_POLICY_FLAVOR_DENIED"],
    [{ allow: [], deny: ["h200*"] }, "OFFLOAD_POLICY_FLAVOR_DENIED"],
    [{ allow: ["h200*"], deny: [] }, "pool"],
  ])("applies the first flavor rule that names the repository (%j → %s)", (lists, expected) => {
    const rules = policy({ flavorRules: [{ repositories: ["acme/app"], maxGpus: null, ...lists }, { repositories: ["*"], allow: [], deny: ["*"], maxGpus: null }] });
    expect(verdict(admitJob({ repo: "acme/app" }, SERVED, rules, { gpus: 8 }))).toContain(expected);
  });

  it("cuts the pool's timeout to the smallest per-label limit that matches", () => {
    const rules = policy({ timeouts: [{ label: "hf-jobs-h200*", seconds: 1800 }, { label: "hf-jobs-*", seconds: 2400 }, { label: "other", seconds: 60 }] });
    const routing = admitJob({ repo: "acme/app" }, SERVED, rules, { gpus: 8 });
    expect(routing.kind === "pool" && routing.pool.timeoutSeconds).toBe(1800);
  });

  it("never lengthens the pool's own timeout", () => {
    const rules = policy({ timeouts: [{ label: "hf-jobs-*", seconds: 7200 }] });
    expect(admitJob({ repo: "acme/app" }, SERVED, rules, { gpus: 8 })).toBe(SERVED);
  });

  it("leaves jobs that are not ours, and those already refused, as they are", () => {
    const ignored: Routing = { kind: "ignored", reason: "no offload label" };
    const denyAll = policy({ repositories: { allow: [], deny: ["*"], default: "deny" } });
    expect(admitJob({ repo: "acme/app" }, ignored, denyAll, { gpus: 0 })).toBe(ignored);
  });
});
