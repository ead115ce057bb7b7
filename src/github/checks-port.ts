import type { RunFacts } from "../ledger/run-records.js";

/** What a check run shows; GitHub caps `summary` and `text` at 65 535 characters. */
export interface CheckRunContent {
  readonly status: "queued" | "in_progress" | "completed";
  readonly conclusion?: "success" | "failure" | "neutral" | "cancelled" | "skipped" | "timed_out" | "action_required";
  readonly title: string;
  readonly summary: string;
  /** Buttons on the check run (at most 3); pressing one sends a `check_run.requested_action` webhook. */
  readonly actions?: readonly { readonly label: string; readonly description: string; readonly identifier: string }[];
  /** Where "Details" leads (the job's page on the dispatcher), when the dispatcher has a public URL. */
  readonly detailsUrl?: string;
}

/**
 * What offload tells GitHub about jobs it does not launch at once, and what it asks about runs:
 * check runs on the job's commit (the reason and the fix, shown on the pull request), and where a
 * run came from (a fork's pull request or not). Failures are `OffloadError`s like the GitHub port's.
 */
export interface ChecksPort {
  createCheckRun(installationId: number, repo: string, input: CheckRunContent & { readonly name: string; readonly headSha: string; readonly externalId: string }): Promise<{ id: number }>;
  updateCheckRun(installationId: number, repo: string, checkRunId: number, content: CheckRunContent): Promise<void>;
  /** `GET /repos/{o}/{r}/actions/runs/{id}`: the run's trigger, head commit and head repository; null on 404. */
  getRunFacts(installationId: number, repo: string, runId: number): Promise<RunFacts | null>;
}
