import type { PoolRecord } from "../ledger/records.js";
import { launchBackoffMs } from "./launch-backoff.js";
import { formatUtcTime } from "./describe-backoff.js";
import { describeError, providerFor, type ReconcilerDeps } from "./effects.js";

/**
 * Creates one runner for `pool`, whose `planned` row the pass already wrote: a JIT registration on
 * GitHub, then the compute with the JIT config as its only secret. Each step is recorded as soon
 * as it happened, so a crash at any point leaves a row that the next process can finish or clean.
 * A failure removes what was created, marks the runner failed and holds the pool with backoff.
 * Resolves with the outcome; it never rejects.
 */
export async function launchRunner(deps: ReconcilerDeps, name: string, pool: PoolRecord, forJobId: number | null): Promise<LaunchOutcome> {
  const { ledger, github, clock, bus } = deps;
  const log = deps.log.child({ runner: name, pool: pool.key, job: forJobId });
  let registeredId: number | null = null;
  let step: LaunchOutcome & { ok: false } = { ok: false, upstream: "github", error: "" };
  try {
    const asked = performance.now();
    const jit = await github.createJitRunner(pool.scope, { name, labels: pool.labels, runnerGroupId: pool.runnerGroupId });
    const githubMs = performance.now() - asked;
    registeredId = jit.runnerId;
    step = { ok: false, upstream: "ledger", error: "" };
    await ledger.markRunnerRegistered(name, jit.runnerId, clock.iso());

    const provider = providerFor(deps, pool.provider);
    step = { ok: false, upstream: "provider", error: "" };
    bus.emit("runner:requesting", { name, forJobId, githubMs, at: performance.now() });
    const compute = await provider.launch({
      runnerName: name,
      flavor: pool.flavor,
      image: pool.image,
      command: deps.runnerCommand,
      env: { OFFLOAD_RUNNER_NAME: name, OFFLOAD_RUNNER_LABELS: pool.labels.join(",") },
      secrets: { ACTIONS_RUNNER_INPUT_JITCONFIG: jit.jitConfig },
      timeoutSeconds: pool.timeoutSeconds,
      tags: { "offload-dispatcher": deps.dispatcherId, "offload-runner": name, "offload-scope": scopeTag(pool) },
    });
    const now = clock.iso();
    const detail = `runner ${name} launched on ${pool.provider} ${pool.flavor} (${compute.id}); booting`;
    await ledger.markRunnerLaunched(name, compute.id, now, forJobId === null ? undefined : { jobId: forJobId, kind: "runner:launched", detail });
    log.info({ compute: compute.id, provider: pool.provider, flavor: pool.flavor }, "runner launched");
    bus.emit("runner:launched", { name, poolKey: pool.key, computeId: compute.id, forJobId });
    return { ok: true };
  } catch (error) {
    await recordLaunchFailure(deps, { name, pool, forJobId, registeredId, error });
    return { ...step, error: describeError(error) };
  }
}

/** How a launch ended; a failure names the upstream it failed at, for that upstream's circuit. */
export type LaunchOutcome = { readonly ok: true } | { readonly ok: false; readonly upstream: "github" | "provider" | "ledger"; readonly error: string };

async function recordLaunchFailure(
  deps: ReconcilerDeps,
  failure: { name: string; pool: PoolRecord; forJobId: number | null; registeredId: number | null; error: unknown },
): Promise<void> {
  const { ledger, github, clock, bus, log } = deps;
  const { name, pool, forJobId, registeredId } = failure;
  const reason = describeError(failure.error);
  if (registeredId !== null) {
    // The registration is useless without its compute: remove it so it never lingers for a day.
    await github.removeRunner(pool.scope, registeredId).catch((error: unknown) => {
      log.warn({ runner: name, err: describeError(error) }, "could not remove the registration of a failed launch");
    });
  }
  const now = clock.now();
  const retryAt = new Date(now + launchBackoffMs(pool.failures + 1)).toISOString();
  const iso = new Date(now).toISOString();
  await ledger.markRunnerEnded(name, "failed", `launch failed: ${reason}`, iso);
  await ledger.recordPoolFailure(pool.key, reason, retryAt, iso);
  if (forJobId !== null) {
    // A time, not "retrying in N s": the note is read long after it was written.
    await ledger.noteJob(forJobId, "runner:failed", `launch of ${name} failed: ${reason}; next try at ${formatUtcTime(retryAt, now)}`, iso);
  }
  log.warn({ runner: name, pool: pool.key, err: reason, retryAt }, "runner launch failed");
  bus.emit("runner:failed", { name, poolKey: pool.key, reason });
}

function scopeTag(pool: PoolRecord): string {
  return pool.scope.kind === "repo" ? `${pool.scope.owner}/${pool.scope.repo}` : pool.scope.owner;
}
