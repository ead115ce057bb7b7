import { describe, expect, it } from "vitest";
import type { OffloadConfig } from "../../src/config/config.js";
import { FLAVORS, isGpuFlavor } from "../../src/config/flavors.js";
import type { JobFact } from "../../src/intake/job-fact.js";
import type { PoolSpec, Routing } from "../../src/policy/routing.js";
import { routeJob } from "../../src/policy/route-job.js";
import { makeFact } from "../support/ledger-fixtures.js";
import { loadTestConfig } from "../support/intake-fixtures.js";

const CPU_IMAGE = "ubuntu:24.04";
const GPU_IMAGE = "nvidia/cuda:12.9.2-runtime-ubuntu24.04";

function route(labels: string[], factOverrides: Partial<JobFact> = {}, env: Record<string, string | undefined> = {}): Routing {
  return routeJob(makeFact({ labels, ...factOverrides }), loadTestConfig(env));
}

function pool(routing: Routing): PoolSpec {
  if (routing.kind !== "pool") throw new Error(`expected a pool, got ${JSON.stringify(routing)}`);
  return routing.pool;
}

describe("routeJob", () => {
  it.each(FLAVORS.map((flavor) => [flavor.name] as const))("serves hf-jobs-%s from a pool with the right image", (name) => {
    const spec = pool(route([`hf-jobs-${name}`]));
    expect(spec.flavor).toBe(name);
    expect(spec.image).toBe(isGpuFlavor(name) ? GPU_IMAGE : CPU_IMAGE);
    expect(spec.labels).toEqual([`hf-jobs-${name}`]);
  });

  it("builds the whole pool from the fact and the config", () => {
    const spec = pool(route(["self-hosted", "Linux", "HF-Jobs-A10G-Small", "linux"], {}, { JOB_TIMEOUT: "2h", OFFLOAD_RUNNER_GROUP_ID: "4" }));
    expect(spec).toEqual({
      key: "repo:octo-org/hello|g4|hf-jobs-a10g-small,linux,self-hosted",
      scope: { kind: "repo", installationId: 77_000_001, owner: "octo-org", repo: "hello" },
      runnerGroupId: 4,
      labels: ["hf-jobs-a10g-small", "linux", "self-hosted"],
      provider: "hf-jobs",
      flavor: "a10g-small",
      image: GPU_IMAGE,
      timeoutSeconds: 7200,
    });
  });

  it("uses the configured provider", () => {
    expect(pool(route(["hf-jobs-cpu-basic"], {}, { OFFLOAD_PROVIDER: "local" })).provider).toBe("local");
  });

  it.each([
    ["Organization", "org", "org:octo-org|g1|hf-jobs-t4-small"],
    ["User", "org", "repo:octo-org/hello|g1|hf-jobs-t4-small"],
    ["Organization", "repo", "repo:octo-org/hello|g1|hf-jobs-t4-small"],
  ] as const)("for an owner of type %s with runner scope %s uses pool %s", (ownerType, scope, key) => {
    expect(pool(route(["hf-jobs-t4-small"], { ownerType }, { OFFLOAD_RUNNER_SCOPE: scope })).key).toBe(key);
  });

  it.each([
    ["hf-jobs-t4-small:cuda13", "nvidia/cuda:13"],
    ["hf-jobs-cpu-basic:GPU", GPU_IMAGE],
    ["hf-jobs-t4-small:cpu", CPU_IMAGE],
  ])("picks the image that %s asks for", (label, image) => {
    expect(pool(route([label], {}, { RUNNER_IMAGE_CUDA13: "nvidia/cuda:13" })).image).toBe(image);
  });

  it.each([
    [["ubuntu-latest"], "no offload label (runs-on: ubuntu-latest)"],
    [["self-hosted", "gpu"], "no offload label (runs-on: self-hosted, gpu)"],
    [[], "no offload label (runs-on: no labels)"],
  ])("ignores a job with runs-on %j", (labels, reason) => {
    expect(route(labels)).toEqual({ kind: "ignored", reason });
  });

  it.each([
    ["hf-jobs-t4-smal", "hf-jobs-t4-small"],
    ["hf-jobs-cpu", "hf-jobs-cpu-basic"],
    ["hf-jobs-h100", "hf-jobs-h200"],
    ["hf-jobs-", "hf-jobs-"],
  ])("refuses the unknown flavor of %s, naming the nearest (%s)", (label, nearest) => {
    const routing = route([label]);
    expect(routing).toMatchObject({ kind: "refused", code: "OFFLOAD_LABEL_UNKNOWN_FLAVOR" });
    expect(routing.kind === "refused" && routing.reason).toContain(`'${label}'`);
    expect(routing.kind === "refused" && routing.reason).toContain(nearest);
  });

  it("refuses zero-a10g, saying it is a Spaces-only flavor", () => {
    const routing = route(["hf-jobs-zero-a10g"]);
    expect(routing).toMatchObject({ kind: "refused", code: "OFFLOAD_LABEL_UNKNOWN_FLAVOR" });
    expect(routing.kind === "refused" && routing.reason).toMatch(/Spaces-only.*not a Hugging Face Jobs flavor/);
  });

  it.each([
    ["hf-jobs-t4-small:cuda13", "RUNNER_IMAGE_CUDA13"],
    ["hf-jobs-t4-small:", "RUNNER_IMAGE_"],
    ["hf-jobs-t4-small:a:b", "RUNNER_IMAGE_A:B"],
  ])("refuses %s when no image is configured for its key", (label, variable) => {
    const routing = route([label]);
    expect(routing).toMatchObject({ kind: "refused", code: "OFFLOAD_LABEL_UNKNOWN_IMAGE" });
    expect(routing.kind === "refused" && routing.reason).toContain(`${variable} is not set`);
  });

  it("refuses a job with two different offload labels", () => {
    const routing = route(["hf-jobs-t4-small", "hf-jobs-a10g-small"]);
    expect(routing).toMatchObject({ kind: "refused", code: "OFFLOAD_LABEL_AMBIGUOUS" });
    expect(routing.kind === "refused" && routing.reason).toContain("hf-jobs-a10g-small, hf-jobs-t4-small");
  });

  it("does not count the same label twice in different case as ambiguous", () => {
    expect(pool(route(["hf-jobs-t4-small", "HF-JOBS-T4-SMALL"])).labels).toEqual(["hf-jobs-t4-small"]);
  });

  it("refuses a repository missing from ALLOWED_GITHUB_REPOSITORIES", () => {
    expect(route(["hf-jobs-t4-small"], { repo: "stranger/repo" }, { ALLOWED_GITHUB_REPOSITORIES: "octo-org/hello" })).toEqual({
      kind: "refused",
      code: "OFFLOAD_REPO_NOT_ALLOWED",
      reason: "repository stranger/repo is not in ALLOWED_GITHUB_REPOSITORIES",
    });
  });

  it("compares allowed repositories without regard to case", () => {
    expect(route(["hf-jobs-t4-small"], { repo: "Octo-Org/Hello" }, { ALLOWED_GITHUB_REPOSITORIES: "octo-org/HELLO" }).kind).toBe("pool");
  });

  it("still ignores jobs without an offload label from repositories not allowed", () => {
    expect(route(["ubuntu-latest"], { repo: "stranger/repo" }, { ALLOWED_GITHUB_REPOSITORIES: "octo-org/hello" }).kind).toBe("ignored");
  });

  it("refuses an empty allowlist's every repository", () => {
    const config: OffloadConfig = { ...loadTestConfig(), allowedRepositories: new Set() };
    expect(routeJob(makeFact(), config).kind).toBe("refused");
  });
});
