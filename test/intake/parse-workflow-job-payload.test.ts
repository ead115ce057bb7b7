import { describe, expect, it } from "vitest";
import { isOffloadError } from "../../src/errors/offload-error.js";
import { parseWorkflowJobPayload } from "../../src/intake/parse-workflow-job-payload.js";
import { workflowJobBody, workflowJobExamples } from "../support/intake-fixtures.js";

function failure(body: unknown): string {
  try {
    parseWorkflowJobPayload(body);
  } catch (error) {
    if (isOffloadError(error, "OFFLOAD_WEBHOOK_BAD_REQUEST")) return error.message;
    throw error;
  }
  throw new Error("expected the payload to be refused");
}

function without(path: string): Record<string, unknown> {
  const body = structuredClone(workflowJobBody());
  const parts = path.split(".");
  let target = body as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
  delete target[parts.at(-1) as string];
  return body;
}

describe("parseWorkflowJobPayload", () => {
  it("reads the fields offload needs", () => {
    expect(parseWorkflowJobPayload(workflowJobBody({ labels: ["self-hosted", "HF-Jobs-T4-Small"] }))).toEqual({
      jobId: 55_390_717_991,
      runId: 14_000_000_001,
      runAttempt: 1,
      repo: "octo-org/hello",
      ownerType: "Organization",
      installationId: 77_000_001,
      status: "queued",
      conclusion: null,
      labels: ["self-hosted", "HF-Jobs-T4-Small"],
      name: "test",
      workflowName: "CI",
      headBranch: "main",
      htmlUrl: "https://github.com/octo-org/hello/actions/runs/14000000001/job/1",
      runnerName: null,
      runnerId: null,
      createdAt: "2025-01-01T00:00:00Z",
    });
  });

  it.each([
    [{ runner_id: 0, runner_name: "" }],
    [{ runner_id: null, runner_name: null }],
    [{ runner_id: undefined, runner_name: undefined }],
  ])("reads unassigned runner fields %j as null", (job) => {
    const fact = parseWorkflowJobPayload(workflowJobBody({ job }));
    expect([fact.runnerId, fact.runnerName]).toEqual([null, null]);
  });

  it("takes the status from the action when the body's status lags it", () => {
    expect(parseWorkflowJobPayload(workflowJobBody({ action: "completed", job: { status: "in_progress" } })).status).toBe("completed");
  });

  it("reads every GitHub example that carries the required fields", () => {
    const examples: Record<string, unknown>[] = workflowJobExamples().map((example) => ({ installation: { id: 1 }, ...example }));
    const complete = examples.filter((example) => (example.workflow_job as { run_attempt?: number }).run_attempt !== undefined);
    expect(complete.length).toBe(7);
    for (const example of complete) {
      expect(parseWorkflowJobPayload(example).jobId).toBe((example.workflow_job as { id: number }).id);
    }
  });

  it.each([
    "repository", "repository.full_name", "repository.owner", "repository.owner.type", "installation", "installation.id",
    "workflow_job", "workflow_job.id", "workflow_job.run_id", "workflow_job.run_attempt", "workflow_job.status",
    "workflow_job.labels", "workflow_job.name", "workflow_job.created_at",
  ])("refuses a payload without %s, naming it", (path) => {
    expect(failure(without(path))).toContain(`'${path}' is required but missing`);
  });

  it.each([
    ["workflow_job.id", { id: 2 ** 53 }],
    ["workflow_job.run_id", { run_id: Number.MAX_SAFE_INTEGER + 2 }],
    ["workflow_job.id", { id: -1 }],
    ["workflow_job.id", { id: 1.5 }],
    ["workflow_job.id", { id: "55390717991" }],
  ])("refuses %s out of range or of the wrong type", (path, job) => {
    expect(failure(workflowJobBody({ job }))).toContain(`'${path}'`);
  });

  it("says why an id above 2^53 - 1 is refused", () => {
    expect(failure(workflowJobBody({ job: { id: 2 ** 53 + 2 } }))).toContain("no larger than 2^53 - 1");
  });

  it.each([
    ["a label over 256 characters", ["x".repeat(257)], "workflow_job.labels[0]"],
    ["more than 100 labels", Array.from({ length: 101 }, (_, i) => `l${i}`), "workflow_job.labels"],
    ["an empty label", ["hf-jobs-t4-small", ""], "workflow_job.labels[1]"],
  ])("refuses %s", (_what, labels, path) => {
    expect(failure(workflowJobBody({ labels }))).toContain(`'${path}'`);
  });

  it("accepts a label of exactly 256 characters", () => {
    expect(parseWorkflowJobPayload(workflowJobBody({ labels: ["x".repeat(256)] })).labels[0]).toHaveLength(256);
  });

  it.each(["octo-org/../etc", "../passwd", "octo-org/..", "ōcto/hello", "octo-org/hello world", "octo-org", "a/b/c"])(
    "refuses the repository name %j",
    (repo) => {
      expect(failure(workflowJobBody({ repo }))).toContain("'repository.full_name'");
    },
  );

  it("accepts unicode and path-like text in labels: they are only compared, never used as paths", () => {
    expect(parseWorkflowJobPayload(workflowJobBody({ labels: ["hf-jobs-t4-smäll", "../../etc"] })).labels).toEqual(["hf-jobs-t4-smäll", "../../etc"]);
  });

  it("refuses an owner type other than User or Organization", () => {
    expect(failure(workflowJobBody({ ownerType: "Enterprise" }))).toContain("'repository.owner.type'");
  });

  it("refuses a body that is not an object", () => {
    expect(failure([1, 2])).toContain("(body)");
  });
});
