import type { LaunchSpec } from "../provider.js";
import { buildHfJobBody } from "./build-hf-job-body.js";
import { buildHfLabels, DISPATCHER_LABEL, RUNNER_LABEL } from "./build-hf-labels.js";
import type { HfJobsContext } from "./hf-jobs-context.js";
import { listHfJobs } from "./list-hf-jobs.js";
import { parseHfJob } from "./parse-hf-job.js";

/**
 * Creates the job for `spec.runnerName`, at most once. Before every *retry* it looks for a job
 * already labelled with this runner: a create can succeed on HF's side and still answer 500 or
 * time out (huggingface_hub #3972). The first attempt skips the look-up: runner names are unique
 * per launch, and a launch a crashed dispatcher left behind is adopted by the reconciler's
 * start-up pass (it lists our jobs by label), so the look-up would only add a round trip.
 */
export async function launchHfJob(context: HfJobsContext, spec: LaunchSpec, defaultCommand: readonly string[]): Promise<{ id: string }> {
  const labels = buildHfLabels(spec.tags, context.dispatcherId, spec.runnerName);
  const body = buildHfJobBody(spec, labels, defaultCommand);
  const secretValues = Object.values(spec.secrets).map((secret) => secret.reveal());
  const log = context.log.child({ runner: spec.runnerName, flavor: spec.flavor });
  let attempt = 0;
  return context.retry("create", "create", async () => {
    attempt++;
    const existing = attempt === 1 ? [] : await listHfJobs(context, { [DISPATCHER_LABEL]: labels[DISPATCHER_LABEL] ?? "", [RUNNER_LABEL]: labels[RUNNER_LABEL] ?? "" });
    const found = existing[0];
    if (found !== undefined) {
      log.info({ computeId: found.id }, "HF job for this runner already exists");
      return { id: found.id };
    }
    const response = await context.sendOnce(
      "create",
      { method: "POST", url: context.jobsUrl(), body, timeoutMs: context.requestTimeoutMs },
      secretValues,
    );
    const job = parseHfJob(await response.json());
    log.info({ computeId: job.id }, "HF job created");
    return { id: job.id };
  });
}
