import type { Ledger } from "../ledger/ledger.js";
import { TERMINAL_RUNNER_STATES } from "../domain/runner-states.js";
import { formatScope, type RunnerScope } from "../policy/runner-scope.js";
import { describeError, type ReconcilerDeps } from "./effects.js";

/**
 * Removes offline runner registrations that we created and whose runner has ended in the ledger:
 * what a JIT call leaves when GitHub created the runner but its answer was lost (a 502 from its
 * edge, a timeout), or a removal that failed. Only names the ledger knows as ours are touched,
 * so a user's own runners, whatever their names, are never removed. Returns how many went.
 */
export async function sweepRegistrations(deps: ReconcilerDeps): Promise<number> {
  let removed = 0;
  for (const scope of await scopesOfPools(deps.ledger)) {
    try {
      for (const runner of await deps.github.listRunners(scope)) {
        if (runner.status !== "offline" || runner.busy) continue;
        const ours = await deps.ledger.getRunner(runner.name);
        if (ours === null || !TERMINAL_RUNNER_STATES.includes(ours.state)) continue;
        const outcome = await deps.github.removeRunner(scope, runner.id);
        if (outcome === "removed") {
          removed++;
          deps.log.info({ runner: runner.name, scope: formatScope(scope) }, "left-over runner registration removed");
        }
      }
    } catch (error) {
      deps.log.warn({ scope: formatScope(scope), err: describeError(error) }, "could not sweep runner registrations; next pass retries");
    }
  }
  return removed;
}

async function scopesOfPools(ledger: Ledger): Promise<RunnerScope[]> {
  const scopes = new Map<string, RunnerScope>();
  for (const pool of await ledger.listPools()) scopes.set(formatScope(pool.scope), pool.scope);
  return [...scopes.values()];
}
