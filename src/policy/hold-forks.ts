import type { QueuedRunJob } from "../ledger/list-public-queued-runs.js";
import type { RunRecord } from "../ledger/run-records.js";
import { decideFork } from "./decide-fork.js";
import type { ForkPolicy } from "./policy.js";

/** What fork pull requests mean for the pools whose queued jobs they are. */
export interface ForkVerdicts {
  /** Pools that launch nothing now, with the reason (a held or denied fork job waits in them). */
  readonly holds: ReadonlyMap<string, string>;
  /** Pools that launch their sandbox instead (cheap flavor, short timeout, default image). */
  readonly sandboxes: ReadonlyMap<string, { readonly flavor: string; readonly timeoutSeconds: number; readonly reason: string }>;
  /** Runs whose origin is unknown: to look up before their pools launch. */
  readonly unvetted: readonly RunRecord[];
  /** Runs policy denies: to cancel, with the reason for their jobs. */
  readonly denied: readonly { readonly run: RunRecord; readonly jobIds: readonly number[]; readonly reason: string }[];
  /** Jobs to note with why they wait (fork holds), by job id. */
  readonly notes: ReadonlyMap<number, string>;
}

/**
 * Fork pull requests, decided per pool, a pure function of the queued jobs of public runs and the
 * policy. The hold is the pool's, not the job's: GitHub gives an online runner *any* queued job
 * whose labels it has, so a runner launched for a trusted job of the same pool could be taken by
 * the fork's job. Likewise a sandbox pool launches only sandboxed runners while a fork job waits.
 * A run whose origin is unknown holds its pool until it is looked up (one call per run, only on
 * public repositories, and none when the `workflow_run` webhook told it first).
 */
export function holdForks(jobs: readonly QueuedRunJob[], policy: ForkPolicy): ForkVerdicts {
  const holds = new Map<string, string>();
  const sandboxes = new Map<string, { flavor: string; timeoutSeconds: number; reason: string }>();
  const unvetted = new Map<number, RunRecord>();
  const denied = new Map<number, { run: RunRecord; jobIds: number[]; reason: string }>();
  const notes = new Map<number, string>();
  const forksAllowed = policy.public === "allow" && policy.private === "allow";
  if (forksAllowed) return { holds, sandboxes, unvetted: [], denied: [], notes };

  for (const { jobId, poolKey, run } of jobs) {
    if (run.event === null || run.private === null) {
      unvetted.set(run.runId, run);
      if (!holds.has(poolKey)) holds.set(poolKey, `checking where run ${run.runId} of ${run.repo} came from (a fork's pull request is held on public repositories)`);
      continue;
    }
    const verdict = decideFork({ event: run.event, repo: run.repo, headRepo: run.headRepo, private: run.private, pullRequest: run.pullRequest }, policy, run.approvedBy !== null);
    if (verdict.action === "launch") continue;
    notes.set(jobId, verdict.reason);
    if (verdict.action === "sandbox") {
      sandboxes.set(poolKey, { flavor: verdict.flavor, timeoutSeconds: verdict.timeoutSeconds, reason: verdict.reason });
      continue;
    }
    const entry = denied.get(run.runId) ?? { run, jobIds: [], reason: verdict.reason };
    if (verdict.action === "deny") {
      entry.jobIds.push(jobId);
      denied.set(run.runId, entry);
    }
    holds.set(poolKey, `${verdict.reason}; other queued jobs with the same labels in ${run.repo} wait too, since any of them could take a runner launched now`);
  }
  return { holds, sandboxes, unvetted: [...unvetted.values()], denied: [...denied.values()], notes };
}
