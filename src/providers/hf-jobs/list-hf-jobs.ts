import type { HfJobsContext } from "./hf-jobs-context.js";
import { parseHfJobList, type HfJob } from "./parse-hf-job.js";
import { parseLinkNext } from "./parse-link-next.js";

/** A runaway Link chain must not loop forever; 100 pages is far beyond one dispatcher's jobs. */
const MAX_PAGES = 100;

/**
 * Every job carrying all of `labels` (HF ANDs repeated `label=` filters) in one of `stages` (all
 * stages when empty; repeated `stage=` filters are ORed), following Link pagination.
 */
export async function listHfJobs(context: HfJobsContext, labels: Readonly<Record<string, string>>, stages: readonly string[] = []): Promise<HfJob[]> {
  const first = new URL(context.jobsUrl());
  for (const [key, value] of Object.entries(labels)) first.searchParams.append("label", `${key}=${value}`);
  for (const stage of stages) first.searchParams.append("stage", stage);
  const jobs: HfJob[] = [];
  let url: string | null = first.toString();
  for (let page = 0; url !== null; page += 1) {
    if (page === MAX_PAGES) {
      context.log.warn({ pages: MAX_PAGES }, "HF Jobs list pagination stopped early");
      break;
    }
    const pageUrl: string = url;
    const response = await context.send("list", "idempotent", { method: "GET", url: pageUrl, timeoutMs: context.requestTimeoutMs });
    const body: unknown = await response.json().catch(() => null);
    try {
      jobs.push(...parseHfJobList(body));
    } catch (error) {
      throw context.toOffloadError(error, "list");
    }
    const next = parseLinkNext(response.headers.get("link"));
    url = next === null ? null : new URL(next, pageUrl).toString();
  }
  return jobs;
}
