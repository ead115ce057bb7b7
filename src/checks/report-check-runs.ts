import type { Logger } from "pino";
import type { Clock } from "../clock/clock.js";
import type { OffloadConfig } from "../config/config.js";
import { isOffloadError } from "../errors/offload-error.js";
import type { ChecksPort } from "../github/checks-port.js";
import type { Ledger } from "../ledger/ledger.js";
import type { CheckRunWork } from "../ledger/list-check-run-work.js";
import { postedOf } from "../ledger/list-check-run-work.js";
import { computeCost, describeCost } from "../policy/compute-cost.js";
import { isForkPullRequest } from "../policy/decide-fork.js";
import { priceOf } from "../policy/price-of.js";
import { checkRunName, describeCheckRun } from "./describe-check-run.js";

export interface CheckRunReporterDeps {
  readonly ledger: Ledger;
  readonly checks: ChecksPort;
  readonly config: Pick<OffloadConfig, "policy" | "publicUrl">;
  readonly clock: Clock;
  readonly log: Logger;
}

export interface CheckRunRoundOptions {
  /** A queued job gets a check run once it waited this long with no runner on its way. */
  readonly graceMs: number;
  /** Jobs first seen longer ago than this are left alone (a restart over old history posts nothing). */
  readonly maxAgeMs: number;
  /** At most this many check runs posted or updated per round (GitHub's rate limit is per installation). */
  readonly perRound: number;
}

export const CHECK_RUN_DEFAULTS: CheckRunRoundOptions = { graceMs: 15_000, maxAgeMs: 24 * 3600_000, perRound: 50 };

async function costNoteOf(deps: CheckRunReporterDeps, work: CheckRunWork): Promise<string | null> {
  if (work.job.status !== "completed" || work.job.runnerName === null || work.job.flavor === null) return null;
  const runner = await deps.ledger.getRunner(work.job.runnerName);
  const hardware = priceOf(work.job.flavor, deps.config.policy);
  if (runner === null || hardware === null) return null;
  return describeCost(computeCost({ ...hardware, launchedAt: runner.launchedAt, busyAt: runner.busyAt, endedAt: runner.endedAt ?? work.job.completedAt, now: deps.clock.now() }), work.job.flavor);
}

/** Posts or updates one job's check run; learns the run's head commit first when it is unknown. */
async function report(deps: CheckRunReporterDeps, work: CheckRunWork): Promise<void> {
  const { job } = work;
  let headSha = work.headSha;
  const [run] = await deps.ledger.listRuns([job.runId]);
  if (headSha === null) {
    const facts = await deps.checks.getRunFacts(job.installationId, job.repo, job.runId);
    if (facts === null) return;
    await deps.ledger.recordRunFacts(facts, deps.clock.iso());
    headSha = facts.headSha ?? null;
    if (headSha === null) return;
  }
  const fork = run !== undefined && run.event !== null && isForkPullRequest({ event: run.event, repo: run.repo, headRepo: run.headRepo, private: run.private ?? false, pullRequest: run.pullRequest });
  const content = describeCheckRun(job, {
    costNote: await costNoteOf(deps, work),
    awaitingApproval: fork && run?.approvedBy === null && job.status === "queued",
    detailsUrl: deps.config.publicUrl === null ? null : `${deps.config.publicUrl.replace(/\/$/, "")}/jobs/${job.jobId}`,
    approveLabel: deps.config.policy.forks.approveLabel,
  });
  const now = deps.clock.iso();
  if (work.checkRunId === null) {
    const { id } = await deps.checks.createCheckRun(job.installationId, job.repo, { ...content, name: checkRunName(job), headSha, externalId: String(job.jobId) });
    await deps.ledger.recordCheckRun(job.jobId, id, postedOf(job), now);
  } else {
    await deps.checks.updateCheckRun(job.installationId, job.repo, work.checkRunId, content);
    await deps.ledger.recordCheckRun(job.jobId, work.checkRunId, postedOf(job), now);
  }
}

/**
 * One round of "the reason in GitHub": every job offload recognises but did not launch at once
 * (refused, or held past the grace) gets a check run on its commit with the reason and the fix,
 * updated when the reason changes, the job starts or it ends (with its cost). Jobs launched at
 * once cost no GitHub call. A failure for one job is logged and retried next round.
 */
export async function reportCheckRuns(deps: CheckRunReporterDeps, options: CheckRunRoundOptions = CHECK_RUN_DEFAULTS): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.ledger.checkRunWork({
    queuedBefore: new Date(now - options.graceMs).toISOString(),
    seenAfter: new Date(now - options.maxAgeMs).toISOString(),
    limit: options.perRound,
  });
  let posted = 0;
  for (const work of due) {
    try {
      await report(deps, work);
      posted++;
    } catch (error) {
      const code = isOffloadError(error) ? error.code : "OFFLOAD_INTERNAL";
      deps.log.warn({ job: work.job.jobId, code, err: isOffloadError(error) ? error.message : String(error) }, "check run not posted; retrying next round");
    }
  }
  return posted;
}
