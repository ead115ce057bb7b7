import type { Ledger } from "../ledger/ledger.js";
import type { JobRecord } from "../ledger/records.js";
import type { JobStatus } from "./job-fact.js";

const UNFINISHED: readonly JobStatus[] = ["queued", "waiting", "in_progress"];
const PAGE = 1000;

/** Every job the ledger holds as queued, waiting or in progress, all pages. */
export async function loadUnfinishedJobs(ledger: Ledger): Promise<JobRecord[]> {
  const jobs: JobRecord[] = [];
  for (const status of UNFINISHED) {
    let beforeJobId: number | undefined;
    for (;;) {
      const page = await ledger.listJobs({ status, limit: PAGE, ...(beforeJobId === undefined ? {} : { beforeJobId }) });
      jobs.push(...page);
      const last = page.at(-1);
      if (page.length < PAGE || last === undefined) break;
      beforeJobId = last.jobId;
    }
  }
  return jobs;
}
