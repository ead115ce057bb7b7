import type { CheckRunContent } from "../github/checks-port.js";
import type { JobRecord } from "../ledger/records.js";
import { APPROVE_ACTION } from "../intake/parse-run-payloads.js";

/** What a check run needs beyond the job: the cost note once it ended, and whether it waits for approval. */
export interface CheckRunContext {
  /** "$0.37 · a10g-small · 11 GPU-min (incl. 42 s cold start)", once the job's runner ended. */
  readonly costNote: string | null;
  /** The job waits for a maintainer to approve a fork's pull request (shows the approval button). */
  readonly awaitingApproval: boolean;
  /** The job's page on the dispatcher, when it has a public URL. */
  readonly detailsUrl: string | null;
  readonly approveLabel: string;
}

/** The check run's name on the commit: one per job, so a matrix shows each member's reason. */
export function checkRunName(job: Pick<JobRecord, "name">): string {
  return `offload: ${job.name}`.slice(0, 100);
}

/**
 * What the check run of a job offload did not launch at once says, a pure function of the job:
 * while it waits, the reason and what to do about it (the approval button for a held fork); when
 * it runs, where; when it ended, how and what it cost. A refusal ends the check run as `neutral`:
 * it explains, it does not fail the commit.
 */
export function describeCheckRun(job: JobRecord, context: CheckRunContext): CheckRunContent {
  const details = context.detailsUrl === null ? {} : { detailsUrl: context.detailsUrl };
  const label = job.labels.join(", ");
  if (job.routing === "refused") {
    return { status: "completed", conclusion: "neutral", title: `Not run by offload: ${job.reason}`.slice(0, 255), summary: `offload will not start a runner for this job (runs-on: ${label}).\n\n**Why:** ${job.reason}`, ...details };
  }
  if (job.status === "completed") {
    const cost = context.costNote === null ? "" : `\n\n**Cost:** ${context.costNote}`;
    return { status: "completed", conclusion: job.conclusion === "success" ? "success" : "neutral", title: `${job.conclusion ?? "completed"}${context.costNote === null ? "" : ` · ${context.costNote}`}`.slice(0, 255), summary: `The job ended: ${job.conclusion ?? "completed"}.${cost}`, ...details };
  }
  if (job.status === "in_progress") {
    return { status: "in_progress", title: `Running on ${job.flavor ?? label}`, summary: `A runner took the job (runs-on: ${label}).\n\n${job.reason}`, ...details };
  }
  const approval = context.awaitingApproval
    ? { actions: [{ label: "Approve and run", description: "Run this fork's jobs on offload", identifier: APPROVE_ACTION }] }
    : {};
  const how = context.awaitingApproval ? `\n\n**To run it:** add the label \`${context.approveLabel}\` to the pull request, or press "Approve and run" above (maintainers only).` : "";
  return { status: "queued", title: `Waiting: ${job.reason}`.slice(0, 255), summary: `offload has not started a runner for this job yet (runs-on: ${label}).\n\n**Why:** ${job.reason}${how}`, ...approval, ...details };
}
