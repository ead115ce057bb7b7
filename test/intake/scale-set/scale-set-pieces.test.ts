import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load-config.js";
import { readConfigFile } from "../../../src/config/read-config-file.js";
import type { JobMessage } from "../../../src/github/actions-service/scale-set-port.js";
import { describeIntakeMode } from "../../../src/intake/scale-set/describe-intake-mode.js";
import { factFromMessage } from "../../../src/intake/scale-set/facts-from-message.js";
import { findServingScaleSet, routeAnyJob } from "../../../src/intake/scale-set/scale-set-routing.js";
import { sessionBackoffMs } from "../../../src/intake/scale-set/session-backoff.js";
import { makeFact } from "../../support/ledger-fixtures.js";
import { configuredEnv, loadTestConfig } from "../../support/intake-fixtures.js";

const SET = { name: "lab-gpu", labels: ["hf-jobs-t4-small"], scope: "org", owner: "acme", installationId: 42 };
const env = (sets: unknown, overrides: Record<string, string | undefined> = {}) => configuredEnv({ OFFLOAD_SCALE_SETS: JSON.stringify(sets), ...overrides });
const config = loadTestConfig({ OFFLOAD_SCALE_SETS: JSON.stringify([SET]) });
const [set] = config.scaleSets;
if (set === undefined) throw new Error("no scale set");

const base = { runnerRequestId: 9001, repositoryName: "app", ownerName: "acme", jobId: "55390717991", jobDisplayName: "build", workflowRunId: 16000000001, requestLabels: ["lab-gpu"], queueTime: "2026-12-04T03:00:00Z" };

describe("scale sets in the configuration", () => {
  it("needs no webhook secret when jobs come only through scale sets", () => {
    const { config: loaded, problems } = loadConfig(env([SET], { GH_WEBHOOK_SECRET: undefined }));
    expect(problems).toEqual([]);
    expect(loaded.missing).toEqual([]);
    expect(loaded.scaleSets[0]).toMatchObject({ name: "lab-gpu", runnerGroup: "default", maxRunners: 100, warm: 0 });
    expect(describeIntakeMode(loaded).mode).toBe("scale-set");
    expect(describeIntakeMode(config).mode).toBe("mixed");
    expect(describeIntakeMode(loadTestConfig()).mode).toBe("webhook");
  });

  it.each([
    ["no offload label", [{ ...SET, labels: ["gpu"] }]],
    ["two offload labels", [{ ...SET, labels: ["hf-jobs-t4-small", "hf-jobs-a10g-small"] }]],
    ["a repo scope without its repo", [{ ...SET, scope: "repo" }]],
    ["a name used twice", [SET, SET]],
    ["an unknown key", [{ ...SET, maxRunner: 3 }]],
  ])("refuses a scale set with %s, naming OFFLOAD_SCALE_SETS", (_why, sets) => {
    const { problems } = loadConfig(env(sets));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.setting).toBe("OFFLOAD_SCALE_SETS");
  });

  it("reads offload.yaml's scaleSets list into the same setting", () => {
    const yaml = "scaleSets:\n  - name: lab-gpu\n    labels: [hf-jobs-t4-small]\n    scope: org\n    owner: acme\n    installationId: 42\n";
    const { settings, problems } = readConfigFile("/etc/offload.yaml", () => yaml);
    expect(problems).toEqual([]);
    expect(JSON.parse(settings.get("OFFLOAD_SCALE_SETS")?.value ?? "null")).toEqual([SET]);
  });
});

describe("routing a job to a scale set", () => {
  it("serves a job that names the set, or some of its labels, in the set's scope only", () => {
    expect(findServingScaleSet({ repo: "acme/app", labels: ["lab-gpu"] }, config.scaleSets)).toBe(set);
    expect(findServingScaleSet({ repo: "acme/app", labels: ["HF-Jobs-T4-Small", "lab-gpu"] }, config.scaleSets)).toBe(set);
    expect(findServingScaleSet({ repo: "other/app", labels: ["lab-gpu"] }, config.scaleSets)).toBeUndefined();
    expect(findServingScaleSet({ repo: "acme/app", labels: ["lab-gpu", "linux"] }, config.scaleSets)).toBeUndefined();
  });

  it("puts a webhook of a scale-set job in the set's pool and other jobs where they always went", () => {
    const routed = routeAnyJob(makeFact({ repo: "acme/app", labels: ["lab-gpu"] }), config);
    expect(routed).toMatchObject({ kind: "pool", pool: { key: "org:acme|set:lab-gpu|hf-jobs-t4-small,lab-gpu", flavor: "t4-small", scope: { kind: "org", owner: "acme", installationId: 42 } } });
    expect(routeAnyJob(makeFact({ repo: "acme/app", labels: ["hf-jobs-cpu-basic"] }), config)).toMatchObject({ kind: "pool", pool: { flavor: "cpu-basic" } });
  });
});

describe("facts from job messages", () => {
  const now = "2026-12-04T03:00:05Z";
  it.each<[string, JobMessage, object | null]>([
    ["JobAvailable gives no fact (the job is only acquired)", { messageType: "JobAvailable", acquireJobUrl: "", ...base }, null],
    ["JobAssigned makes the job queued demand", { messageType: "JobAssigned", ...base }, { fact: { jobId: 55390717991, status: "queued", repo: "acme/app", installationId: 42, ownerType: "Organization" }, reopen: true }],
    ["JobStarted names the runner", { messageType: "JobStarted", runnerId: 7, runnerName: "offload-1", ...base }, { fact: { status: "in_progress", runnerName: "offload-1", runnerId: 7 } }],
    ["JobCompleted succeeded is a success", { messageType: "JobCompleted", result: "succeeded", runnerId: 7, runnerName: "offload-1", ...base }, { fact: { status: "completed", conclusion: "success" }, note: null }],
    ["a canceled assignment no runner took says it may come back", { messageType: "JobCompleted", result: "canceled", runnerId: 0, runnerName: "", ...base }, { fact: { status: "completed", conclusion: "cancelled", runnerName: null }, note: expect.stringContaining("may assign it again") }],
    ["a non-numeric job id stands in by the request id", { messageType: "JobAssigned", ...base, jobId: "b6f8c0de" }, { fact: { jobId: 9001 } }],
  ])("%s", (_name, message, expected) => {
    const found = factFromMessage(message, set, now);
    if (expected === null) expect(found).toBeNull();
    else expect(found).toMatchObject(expected);
  });
});

describe("session backoff", () => {
  it.each([[0, 0], [1, 1000], [2, 2000], [4, 8000], [10, 60_000], [100, 60_000]])("waits %i failures → %i ms", (failures, ms) => {
    expect(sessionBackoffMs(failures, 1000, 60_000)).toBe(ms);
  });
});
