import type { PoolRecord } from "../ledger/records.js";
import type { Decision } from "./decide.js";
import type { ReconcilerDeps } from "./effects.js";
import { cancelRunner } from "./cancel-runner.js";
import { stopOrphan } from "./stop-orphan.js";
import { launchRunner } from "./launch-runner.js";
import { abandonRunner, adoptRunner, endRunner } from "./settle-runner.js";

/** The thin effectful half of the reconciler: one decision, one effect. */
export async function applyDecision(deps: ReconcilerDeps, decision: Decision, runnerName: string, pool: PoolRecord | undefined): Promise<unknown> {
  switch (decision.kind) {
    case "launch":
      return launchRunner(deps, runnerName, decision.pool, decision.forJobId);
    case "cancel":
      return cancelRunner(deps, decision.runner, pool, decision.reason, decision.bootFailure === true);
    case "orphan":
      return stopOrphan(deps, decision.provider, decision.computeId, decision.runnerName);
    case "adopt":
      return adoptRunner(deps, decision.runner, decision.computeId);
    case "abandon":
      return abandonRunner(deps, decision.runner, pool, decision.reason);
    case "end":
      return endRunner(deps, decision.runner, pool, decision);
    case "hold":
      return;
  }
}
