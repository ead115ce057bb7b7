import type { PoolFacts } from "../ledger/pool-facts.js";
import type { PoolRecord, RunnerRecord } from "../ledger/records.js";
import { describeError, providerFor, type ReconcilerDeps } from "./effects.js";
import { bootBackoffMs } from "./launch-backoff.js";

/**
 * Retires a runner no queued job needs: first its GitHub registration, then its compute. GitHub
 * refuses to remove a runner that is running a job; then the runner is busy, and nothing is
 * stopped. Removing first means a runner can never take a job after its machine is gone.
 */
export async function cancelRunner(
  deps: ReconcilerDeps,
  runner: RunnerRecord,
  pool: PoolRecord | undefined,
  reason: string,
  bootFailure = false,
  stillSurplus?: (facts: PoolFacts) => boolean,
): Promise<void> {
  const { ledger, github, clock, bus } = deps;
  const log = deps.log.child({ runner: runner.name, pool: runner.poolKey });
  try {
    // A runner left half-cancelled is finished off; a fresh surplus is re-checked at commit time.
    const cancelling = await ledger.markRunnerCancelling(runner.name, reason, clock.iso(), stillSurplus === undefined ? {} : { stillSurplus });
    if (!cancelling) return;
    if (runner.githubRunnerId !== null && pool !== undefined) {
      const outcome = await github.removeRunner(pool.scope, runner.githubRunnerId);
      if (outcome === "busy") {
        await ledger.markRunnerBusy(runner.name, null, clock.iso());
        log.info("runner took a job while being retired; left running");
        bus.emit("runner:busy", { name: runner.name, jobId: null });
        return;
      }
    }
    if (runner.computeId !== null) {
      await providerFor(deps, runner.provider).cancel(runner.computeId);
    }
    const ended = `cancelled: ${reason}`;
    await ledger.markRunnerEnded(runner.name, bootFailure ? "failed" : "cancelled", ended, clock.iso());
    if (bootFailure && pool !== undefined) {
      const now = clock.now();
      await ledger.recordPoolFailure(pool.key, reason, new Date(now + bootBackoffMs(pool.failures + 1)).toISOString(), new Date(now).toISOString());
      bus.emit("runner:failed", { name: runner.name, poolKey: runner.poolKey, reason });
    }
    if (runner.forJobId !== null) {
      await ledger.noteJob(runner.forJobId, "runner:cancelled", `runner ${runner.name} ${ended}`, clock.iso());
    }
    log.info({ reason }, "runner cancelled");
    bus.emit("runner:ended", { name: runner.name, state: bootFailure ? "failed" : "cancelled", reason: ended });
  } catch (error) {
    // Stays `cancelling`; the next pass tries again.
    log.warn({ err: describeError(error) }, "runner cancel failed; will retry");
  }
}
