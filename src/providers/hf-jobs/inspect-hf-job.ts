import { isOffloadError } from "../../errors/offload-error.js";
import type { ComputeStatus } from "../provider.js";
import { hfStatusOf } from "./hf-api-error.js";
import type { HfJobsContext } from "./hf-jobs-context.js";
import { parseHfJob } from "./parse-hf-job.js";
import { goneStatus, toComputeStatus } from "./to-compute-status.js";

/** The job's state in our words; a 404 means HF no longer knows it: `gone`, not an error. */
export async function inspectHfJob(context: HfJobsContext, id: string): Promise<ComputeStatus> {
  let response: Response;
  try {
    response = await context.send("inspect", "idempotent", { method: "GET", url: context.jobsUrl(id), timeoutMs: context.requestTimeoutMs });
  } catch (error) {
    if (isOffloadError(error) && hfStatusOf(error) === 404) return goneStatus(id);
    throw error;
  }
  try {
    return toComputeStatus(parseHfJob(await response.json()));
  } catch (error) {
    throw context.toOffloadError(error, "inspect");
  }
}
