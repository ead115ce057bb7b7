import type { DeliveryRecord } from "../../src/ledger/records.js";
import type { JobFact } from "../../src/intake/job-fact.js";
import type { PoolSpec, Routing } from "../../src/policy/routing.js";

/** A job id above 2^31, as GitHub hands out today. */
export const BIG_JOB_ID = 55_390_717_991;

export function makeFact(overrides: Partial<JobFact> = {}): JobFact {
  return {
    jobId: BIG_JOB_ID,
    runId: 14_000_000_001,
    runAttempt: 1,
    repo: "octo-org/hello",
    ownerType: "Organization",
    installationId: 77_000_001,
    status: "queued",
    conclusion: null,
    labels: ["hf-jobs-t4-small"],
    name: "test",
    workflowName: "CI",
    headBranch: "main",
    htmlUrl: "https://github.com/octo-org/hello/actions/runs/14000000001/job/55390717991",
    runnerName: null,
    runnerId: null,
    createdAt: "2025-01-01T00:00:00Z",
    ...overrides,
  };
}

export function makeDelivery(guid: string, overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    guid,
    event: "workflow_job",
    action: "queued",
    receivedAt: "2025-01-01T00:00:01.000Z",
    result: "accepted",
    reason: "queued for pool",
    jobId: BIG_JOB_ID,
    ...overrides,
  };
}

export function makePool(overrides: Partial<PoolSpec> = {}): PoolSpec {
  return {
    key: "repo:octo-org/hello|g1|hf-jobs-t4-small",
    scope: { kind: "repo", installationId: 77_000_001, owner: "octo-org", repo: "hello" },
    runnerGroupId: 1,
    labels: ["hf-jobs-t4-small"],
    provider: "hf-jobs",
    flavor: "t4-small",
    image: "ghcr.io/example/runner:gpu",
    timeoutSeconds: 3600,
    ...overrides,
  };
}

export function poolRouting(pool: PoolSpec = makePool()): Routing {
  return { kind: "pool", pool };
}

/** An ISO instant `seconds` after a fixed start, so tests control time. */
export function at(seconds: number): string {
  return new Date(Date.UTC(2025, 0, 1) + seconds * 1000).toISOString();
}
