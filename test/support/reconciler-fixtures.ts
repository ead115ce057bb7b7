import type { ComputeStatus } from "../../src/providers/provider.js";
import type { PoolPlanInput } from "../../src/reconciler/plan.js";
import type { ObservedCompute } from "../../src/reconciler/decide.js";
import type { PoolRecord, ReconcileSnapshot, RunnerRecord } from "../../src/ledger/records.js";

export const T0 = Date.parse("2026-11-23T10:00:00.000Z");

export function pool(overrides: Partial<PoolRecord> = {}): PoolRecord {
  return {
    key: "repo:acme/app|g1|hf-jobs-t4-small",
    scope: { kind: "repo", installationId: 7, owner: "acme", repo: "app" },
    runnerGroupId: 1,
    labels: ["hf-jobs-t4-small"],
    provider: "hf-jobs",
    flavor: "t4-small",
    image: "nvidia/cuda:12.9.2-runtime-ubuntu24.04",
    timeoutSeconds: 3600,
    failures: 0,
    retryAt: null,
    lastError: null,
    ...overrides,
  };
}

export function runner(name: string, overrides: Partial<RunnerRecord> = {}): RunnerRecord {
  return {
    name,
    poolKey: pool().key,
    provider: "hf-jobs",
    state: "launched",
    forJobId: null,
    tookJobId: null,
    githubRunnerId: 100,
    computeId: `c-${name}`,
    reason: "",
    createdAt: new Date(T0).toISOString(),
    updatedAt: new Date(T0).toISOString(),
    launchedAt: new Date(T0).toISOString(),
    busyAt: null,
    endedAt: null,
    ...overrides,
  };
}

export function snapshot(input: { pools?: PoolRecord[]; queued?: Record<string, number[]>; runners?: RunnerRecord[] }): ReconcileSnapshot {
  const queued = new Map<string, { jobId: number; createdAt: string }[]>();
  for (const [key, ids] of Object.entries(input.queued ?? {})) {
    queued.set(key, ids.map((jobId) => ({ jobId, createdAt: new Date(T0).toISOString() })));
  }
  return { pools: input.pools ?? [pool()], queued, runners: input.runners ?? [] };
}

export function compute(runnerName: string, state: ComputeStatus["state"], message: string | null = null): ObservedCompute {
  return { id: `c-${runnerName}`, runnerName, state, message, startedAt: null, finishedAt: null, provider: "hf-jobs" };
}

/** The planner's per-pool input for a snapshot, as the ledger's facts would give it (for tables). */
export function planInputs(full: ReconcileSnapshot): PoolPlanInput[] {
  return full.pools.map((p) => {
    const queuedJobs = full.queued.get(p.key) ?? [];
    const supply = full.runners.filter((r) => r.poolKey === p.key && (r.state === "planned" || r.state === "registered" || r.state === "launched"));
    const named = new Set(supply.map((r) => r.forJobId));
    const missing = queuedJobs.length - supply.length;
    return {
      pool: p,
      queued: queuedJobs.length,
      supply: supply.length,
      unserved: queuedJobs.filter((j) => !named.has(j.jobId)).slice(0, Math.max(0, missing)).map((j) => j.jobId),
      idle: missing < 0 ? supply : [],
      queuedJobIds: missing < 0 ? queuedJobs.map((j) => j.jobId) : [],
    };
  });
}
