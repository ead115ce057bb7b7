import type { ScaleSetConfig } from "../../config/scale-set-config.js";
import type { JobMessage } from "../../github/actions-service/scale-set-port.js";
import type { JobFact } from "../job-fact.js";

/** A job fact one job message carries, and what the ledger should do beyond recording it. */
export interface MessageFact {
  readonly fact: JobFact;
  /** A JobAssigned may follow a canceled assignment of the same job: reopen it (see record-scale-set-message.ts). */
  readonly reopen: boolean;
  readonly note: string | null;
}

/*
 * JobCompleted.result is free text in the library (types.go l.37 @ 6ce0259); `canceled` is what
 * an assignment no runner took ends with (peers.md §11). Other words pass through lower-cased.
 */
const CONCLUSIONS: Readonly<Record<string, string>> = { succeeded: "success", failed: "failure", canceled: "cancelled", cancelled: "cancelled" };

/**
 * What a job message says about a workflow job, as the same `JobFact` a webhook gives:
 * JobAssigned → queued (the job now counts in the set's TotalAssignedJobs), JobStarted →
 * in_progress on the runner named, JobCompleted → completed. JobAvailable says nothing about the
 * job yet (the listener only acquires it) and gives no fact. The message's `jobId` is a string;
 * a numeric one is GitHub's job id, otherwise the runner request id stands for it.
 */
export function factFromMessage(message: JobMessage, set: ScaleSetConfig, now: string): MessageFact | null {
  if (message.messageType === "JobAvailable") return null;
  const base = {
    jobId: /^\d+$/.test(message.jobId) ? Number(message.jobId) : message.runnerRequestId,
    runId: message.workflowRunId,
    runAttempt: 1,
    repo: `${message.ownerName}/${message.repositoryName}`,
    ownerType: set.scope === "org" ? ("Organization" as const) : ("User" as const),
    installationId: set.installationId,
    conclusion: null,
    labels: [...message.requestLabels],
    name: message.jobDisplayName,
    workflowName: null,
    headBranch: null,
    htmlUrl: null,
    runnerName: null,
    runnerId: null,
    createdAt: message.queueTime !== undefined && !message.queueTime.startsWith("0001") ? message.queueTime : now,
  };
  switch (message.messageType) {
    case "JobAssigned":
      return { fact: { ...base, status: "queued" }, reopen: true, note: `assigned to scale set ${set.name} (request ${message.runnerRequestId})` };
    case "JobStarted":
      return { fact: { ...base, status: "in_progress", runnerName: message.runnerName, runnerId: message.runnerId }, reopen: false, note: null };
    case "JobCompleted": {
      const conclusion = CONCLUSIONS[message.result.toLowerCase()] ?? message.result.toLowerCase();
      const taken = message.runnerId !== 0 && message.runnerName !== "";
      const note = taken ? null : `scale set ${set.name}: the assignment ended ${message.result} before a runner took the job; GitHub may assign it again (up to 3 times)`;
      return { fact: { ...base, status: "completed", conclusion, ...(taken ? { runnerName: message.runnerName, runnerId: message.runnerId } : {}) }, reopen: false, note };
    }
  }
}
