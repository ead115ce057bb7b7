import { isOffloadError } from "../../errors/offload-error.js";
import { isTerminalComputeState } from "../provider.js";
import { hfStatusOf } from "./hf-api-error.js";
import type { HfJobsContext } from "./hf-jobs-context.js";
import { inspectHfJob } from "./inspect-hf-job.js";

/** HF's answer to cancelling a finished job is unverified (reference §13): a 4xx here may only mean "already over". */
const MAYBE_ALREADY_OVER = new Set([400, 409, 422]);

/** Stops the job; a job that is gone (404) or already over is not an error. */
export async function cancelHfJob(context: HfJobsContext, id: string): Promise<void> {
  try {
    // No body, as huggingface_hub 2.0.0 `cancel_job` sends it (reference §2).
    await context.send("cancel", "idempotent", { method: "POST", url: context.jobsUrl(id, "cancel"), timeoutMs: context.requestTimeoutMs });
  } catch (error) {
    const status = isOffloadError(error) ? hfStatusOf(error) : null;
    if (status === 404) return;
    if (status !== null && MAYBE_ALREADY_OVER.has(status)) {
      const current = await inspectHfJob(context, id);
      if (isTerminalComputeState(current.state)) return;
    }
    throw error;
  }
}
