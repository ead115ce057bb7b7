import type { JobDetails } from "../server/read-job-details.js";

/** What `offload logs` says before the runner's output: which job, where it stands, and whether it will run at all. */
export interface JobStartNote {
  readonly lines: readonly string[];
  /** True when the job will never get a runner from offload (refused or not offload's): there is no log to wait for. */
  readonly final: boolean;
}

/** Pure: the human lines that open `offload logs`, from the job's record. */
export function describeJobStart(details: JobDetails): JobStartNote {
  const { job } = details;
  const title = `job ${job.jobId} · ${job.repo} · ${job.name || "(unnamed)"} · runs-on [${job.labels.join(", ")}]`;
  if (job.routing === "refused") return { lines: [title, `will not start on offload: ${job.reason}`], final: true };
  if (job.routing === "ignored") return { lines: [title, `not offload's job: ${job.reason}`], final: true };
  const runner = details.runners.find((r) => r.tookJobId === job.jobId) ?? details.runners.find((r) => r.forJobId === job.jobId);
  const where = runner === undefined ? "no runner yet" : `runner ${runner.name} (${runner.state})`;
  const status = job.status === "completed" ? `completed${job.conclusion ? `/${job.conclusion}` : ""}` : job.status;
  return { lines: [title, `${status}${job.flavor ? ` on ${job.flavor}` : ""}, ${where}: ${job.reason}`], final: false };
}
