import { describeError, providerFor, type ReconcilerDeps } from "./effects.js";

/**
 * Stops compute that carries this dispatcher's tags but no active runner owns: its runner ended
 * (or the ledger never recorded it), so nothing will ever use it, and it bills until it stops.
 * Only compute tagged with our dispatcher id is ever listed, so nothing of anyone else's is touched.
 */
export async function stopOrphan(deps: ReconcilerDeps, provider: string, computeId: string, runnerName: string): Promise<void> {
  try {
    await providerFor(deps, provider).cancel(computeId);
    deps.log.info({ provider, compute: computeId, runner: runnerName }, "orphaned compute stopped");
  } catch (error) {
    deps.log.warn({ provider, compute: computeId, runner: runnerName, err: describeError(error) }, "could not stop orphaned compute; will retry");
  }
}
