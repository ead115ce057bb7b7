import type { PoolRecord, RunnerRecord } from "../ledger/records.js";
import { bootBackoffMs } from "./launch-backoff.js";
import { formatUtcTime } from "./describe-backoff.js";
import { describeError, type ReconcilerDeps } from "./effects.js";

/** Records that a runner's compute ended; a boot failure also holds its pool with backoff. */
export async function endRunner(
  deps: ReconcilerDeps,
  runner: RunnerRecord,
  pool: PoolRecord | undefined,
  outcome: { state: "finished" | "cancelled" | "failed"; reason: string; bootFailure: boolean },
): Promise<void> {
  const { ledger, clock, bus } = deps;
  const now = clock.now();
  const iso = new Date(now).toISOString();
  await ledger.markRunnerEnded(runner.name, outcome.state, outcome.reason, iso);
  // Only a runner that did its job proves the pool works; a launch that dies at boot does not.
  if (outcome.state === "finished" && pool !== undefined && pool.failures > 0) await ledger.recordPoolSuccess(pool.key, iso);
  if (outcome.bootFailure && pool !== undefined) {
    const retryAt = new Date(now + bootBackoffMs(pool.failures + 1)).toISOString();
    await ledger.recordPoolFailure(pool.key, outcome.reason, retryAt, iso);
    if (runner.forJobId !== null) await ledger.noteJob(runner.forJobId, "runner:failed", `${runner.name}: ${outcome.reason}; next try at ${formatUtcTime(retryAt, now)}`, iso);
    bus.emit("runner:failed", { name: runner.name, poolKey: runner.poolKey, reason: outcome.reason });
  }
  deps.log.info({ runner: runner.name, state: outcome.state, reason: outcome.reason }, "runner ended");
  bus.emit("runner:ended", { name: runner.name, state: outcome.state, reason: outcome.reason });
}

/** A runner a previous process started: its compute exists, so it is ours to track again. */
export async function adoptRunner(deps: ReconcilerDeps, runner: RunnerRecord, computeId: string): Promise<void> {
  await deps.ledger.markRunnerLaunched(runner.name, computeId, deps.clock.iso());
  deps.log.info({ runner: runner.name, compute: computeId }, "runner adopted after restart");
}

/**
 * A runner a previous process planned but never started: its JIT config is lost (it is never
 * stored), so the registration is removed and the row failed; demand launches a fresh one.
 */
export async function abandonRunner(deps: ReconcilerDeps, runner: RunnerRecord, pool: PoolRecord | undefined, reason: string): Promise<void> {
  try {
    if (runner.githubRunnerId !== null && pool !== undefined) {
      const outcome = await deps.github.removeRunner(pool.scope, runner.githubRunnerId);
      if (outcome === "busy") {
        await deps.ledger.markRunnerBusy(runner.name, null, deps.clock.iso());
        return;
      }
    }
    await deps.ledger.markRunnerEnded(runner.name, "failed", reason, deps.clock.iso());
    deps.log.info({ runner: runner.name, reason }, "runner abandoned");
  } catch (error) {
    deps.log.warn({ runner: runner.name, err: describeError(error) }, "could not abandon runner; will retry");
  }
}
