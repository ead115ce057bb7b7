import type { RunnerRecord } from "../ledger/records.js";
import type { ObservedCompute } from "./decide.js";
import { describeError, type ReconcilerDeps } from "./effects.js";

/** Inspections under way at once when many runners ended since the last look. */
const INSPECT_CONCURRENCY = 8;

/**
 * What our compute is doing, by runner name: every provider lists what of ours still runs (so
 * orphans are found too), then each idle runner whose compute the listings no longer show is
 * inspected, which says how it ended. Listing only what runs keeps a pass's cost independent of
 * the provider's history (HF Jobs keeps every finished job). Null when any answer is missing:
 * without a complete picture nothing may be declared gone, so settling skips this pass.
 */
export async function observeCompute(deps: ReconcilerDeps): Promise<Map<string, ObservedCompute> | null> {
  const observed = new Map<string, ObservedCompute>();
  for (const [name, provider] of deps.providers) {
    try {
      for (const status of await provider.listOurs()) {
        if (status.runnerName !== null) observed.set(status.runnerName, { ...status, provider: name });
      }
    } catch (error) {
      deps.log.warn({ provider: name, err: describeError(error) }, "could not list our compute; settling skipped this pass");
      return null;
    }
  }
  const { runners } = await deps.ledger.snapshot();
  // A busy runner whose compute stopped has finished whatever the compute says; only runners
  // that never took a job need to know how it ended (a boot failure, a clean exit in grace).
  const ended = runners.filter((r) => r.state !== "busy" && r.computeId !== null && !observed.has(r.name) && deps.providers.has(r.provider));
  try {
    await inspectEach(ended, async (runner) => {
      const provider = deps.providers.get(runner.provider);
      if (provider === undefined || runner.computeId === null) return;
      observed.set(runner.name, { ...(await provider.inspect(runner.computeId)), runnerName: runner.name, provider: runner.provider });
    });
  } catch (error) {
    deps.log.warn({ err: describeError(error) }, "could not inspect the compute of a runner; settling skipped this pass");
    return null;
  }
  return observed;
}

async function inspectEach(runners: readonly RunnerRecord[], inspect: (runner: RunnerRecord) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(INSPECT_CONCURRENCY, runners.length) }, async () => {
    while (next < runners.length) await inspect(runners[next++] as RunnerRecord);
  });
  await Promise.all(workers);
}
