import type { JobRecord } from "../ledger/records.js";
import { createTargetCache, listPollTargets, type TargetCache } from "./list-poll-targets.js";
import { loadUnfinishedJobs } from "./load-unfinished-jobs.js";
import type { MissedWorkDeps } from "./missed-work-deps.js";
import { planPollRound } from "./plan-poll-round.js";
import { pollRepository } from "./poll-repository.js";
import { refreshJobs } from "./refresh-known-jobs.js";

/** How often things happen; the finder derives these from the reconcile interval. */
export interface PollSettings {
  readonly roundIntervalMs: number;
  /** A repository without unfinished jobs is polled this often. */
  readonly quietIntervalMs: number;
  /** How long a list of installations or repositories is trusted. */
  readonly cacheTtlMs: number;
}

export const DEFAULT_POLL_SETTINGS: PollSettings = { roundIntervalMs: 30_000, quietIntervalMs: 300_000, cacheTtlMs: 300_000 };

/** What the poller remembers between rounds. */
export interface PollState {
  readonly lastPolled: Map<string, number>;
  readonly cache: TargetCache;
}

export function createPollState(): PollState {
  return { lastPolled: new Map(), cache: createTargetCache() };
}

/** What one round did. */
export interface PollReport {
  readonly polled: number;
  readonly recorded: number;
  /** Unfinished jobs no open run listed any more, re-read one by one. */
  readonly refreshed: number;
  readonly skipped: readonly { readonly repo: string; readonly reason: string }[];
}

/* Three run listings and, usually, one job listing. */
const CALLS_PER_REPO = 4;

/**
 * One poll round: finds queued jobs whose webhooks never arrived (and known jobs that moved on)
 * in every repository the App can read, within the rate-limit budget, and records them as facts
 * the way webhooks are recorded. Unfinished jobs of a polled repository that no open run lists
 * are re-read one by one, so a lost `completed` does not keep launching runners.
 */
export async function pollQueuedJobs(deps: MissedWorkDeps, state: PollState = createPollState(), settings: PollSettings = DEFAULT_POLL_SETTINGS): Promise<PollReport> {
  const targets = await listPollTargets(deps, state.cache, settings.cacheTtlMs);
  const unfinished = groupByRepo(await loadUnfinishedJobs(deps.ledger));
  const plan = planPollRound({
    targets, budgets: deps.budget.snapshots(), reserve: deps.budget.reserve, now: deps.clock.now(), lastPolled: state.lastPolled,
    active: new Set(unfinished.keys()), callsPerRepo: CALLS_PER_REPO, ...settings,
  });
  const skipped = plan.skipped.map(({ target, reason }) => ({ repo: target.repo, reason }));
  let polled = 0;
  let recorded = 0;
  let refreshed = 0;
  for (const target of plan.poll) {
    const jobs = unfinished.get(target.repo.toLowerCase()) ?? [];
    try {
      const poll = await pollRepository(deps, target, new Map(jobs.map((job) => [job.jobId, job])));
      recorded += poll.recorded;
      if (!poll.complete) {
        skipped.push({ repo: target.repo, reason: `rate limit: installation ${target.installationId} reached the reserve of ${deps.budget.reserve} mid-poll` });
        continue;
      }
      polled += 1;
      state.lastPolled.set(target.repo.toLowerCase(), deps.clock.now());
      refreshed += (await refreshJobs(deps, unlisted(jobs, poll.seen))).recorded;
    } catch (error) {
      deps.log.warn({ err: error, repo: target.repo, installation: target.installationId }, "could not poll a repository; retrying next round");
    }
  }
  logSkipped(deps, skipped);
  return { polled, recorded, refreshed, skipped };
}

function groupByRepo(jobs: readonly JobRecord[]): Map<string, JobRecord[]> {
  const groups = new Map<string, JobRecord[]>();
  for (const job of jobs) {
    const key = job.repo.toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), job]);
  }
  return groups;
}

/** Pool jobs the ledger holds as unfinished that no open run listed: their run ended, or they did. */
function unlisted(jobs: readonly JobRecord[], seen: ReadonlySet<number>): JobRecord[] {
  return jobs.filter((job) => job.routing === "pool" && !seen.has(job.jobId));
}

/** Once per round, never per repository: a quota shortage would otherwise flood the log. */
function logSkipped(deps: MissedWorkDeps, skipped: PollReport["skipped"]): void {
  if (skipped.length === 0) return;
  const reasons = [...new Set(skipped.map((entry) => entry.reason))];
  deps.log.info({ count: skipped.length, repos: skipped.slice(0, 10).map((entry) => entry.repo), reasons }, "poll round skipped repositories");
}

