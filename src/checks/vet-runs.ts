import type { Logger } from "pino";
import type { Clock } from "../clock/clock.js";
import type { ChecksPort } from "../github/checks-port.js";
import type { Ledger } from "../ledger/ledger.js";
import type { ForkVerdicts } from "../policy/hold-forks.js";

export interface VetRunsDeps {
  readonly ledger: Ledger;
  readonly checks: Pick<ChecksPort, "getRunFacts">;
  /** Cancels a workflow run (`POST .../actions/runs/{id}/cancel`, needs `actions: write`). */
  readonly cancelRun: (repo: string, runId: number, installationId: number) => Promise<void>;
  readonly clock: Clock;
  readonly log: Logger;
  /** Asks for a pass: a looked-up run may release its pool. */
  readonly wake: () => void;
}

/**
 * The effects of fork verdicts: look up where each unvetted run came from (then wake the
 * reconciler, whose next plan decides with it), and cancel runs policy denies, noting why on their
 * jobs (a denied fork job left queued would hold its pool until GitHub's 24 h limit).
 */
export async function vetRuns(deps: VetRunsDeps, verdicts: Pick<ForkVerdicts, "unvetted" | "denied">, attempted: Set<number>): Promise<void> {
  let learned = 0;
  for (const run of verdicts.unvetted) {
    if (attempted.has(run.runId)) continue;
    attempted.add(run.runId);
    try {
      const facts = await deps.checks.getRunFacts(run.installationId, run.repo, run.runId);
      // A run GitHub no longer shows is treated as private: nothing of it can launch anyway.
      await deps.ledger.recordRunFacts(facts ?? { runId: run.runId, repo: run.repo, installationId: run.installationId, private: true, event: "unknown" }, deps.clock.iso());
      learned++;
    } catch (error) {
      attempted.delete(run.runId);
      deps.log.warn({ run: run.runId, err: error instanceof Error ? error.message : String(error) }, "could not look up where a run came from; its pool stays held and it is tried again");
    }
  }
  for (const { run, jobIds, reason } of verdicts.denied) {
    if (attempted.has(-run.runId)) continue;
    attempted.add(-run.runId);
    try {
      await deps.cancelRun(run.repo, run.runId, run.installationId);
      for (const jobId of jobIds) await deps.ledger.noteJob(jobId, "refused", `${reason}; offload cancelled the run`, deps.clock.iso());
    } catch (error) {
      attempted.delete(-run.runId);
      deps.log.warn({ run: run.runId, err: error instanceof Error ? error.message : String(error) }, "could not cancel a denied fork's run; its pool stays held");
    }
  }
  if (learned > 0) deps.wake();
}
