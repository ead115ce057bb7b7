import { OffloadError } from "../errors/offload-error.js";
import type { Ledger } from "../ledger/ledger.js";
import type { JobEvent, JobRecord, RunnerRecord } from "../ledger/records.js";

/** One job with its history and the runners that were for it or took it. */
export interface JobDetails {
  readonly job: JobRecord;
  readonly events: JobEvent[];
  readonly runners: RunnerRecord[];
}

/** A job id from a URL segment: digits only, and a safe integer. */
export function parseJobId(text: string): number | null {
  const id = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(id) ? id : null;
}

/** The job at `idText` with its events and runners; OFFLOAD_NOT_FOUND when there is none. */
export async function readJobDetails(ledger: Ledger, idText: string): Promise<JobDetails> {
  const id = parseJobId(idText);
  const job = id === null ? null : await ledger.getJob(id);
  if (id === null || job === null) throw new OffloadError("OFFLOAD_NOT_FOUND", `job '${idText.slice(0, 40)}' in the ledger: no such job`);
  const [events, runners] = await Promise.all([
    ledger.jobEvents(id),
    job.poolKey === null ? [] : ledger.listRunners({ poolKey: job.poolKey, limit: 500 }),
  ]);
  return { job, events, runners: runners.filter((runner) => runner.forJobId === id || runner.tookJobId === id) };
}

/**
 * The runner whose output is this job's log: the one that took it, else the newest one launched
 * for it (GitHub may hand a runner another job of the pool, so "for" is only a guess).
 */
export function pickLogRunner(details: JobDetails): RunnerRecord | null {
  const launched = details.runners.filter((runner) => runner.computeId !== null);
  const took = launched.find((runner) => runner.tookJobId === details.job.jobId);
  if (took !== undefined) return took;
  return launched.filter((runner) => runner.forJobId === details.job.jobId && runner.tookJobId === null).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] ?? null;
}
