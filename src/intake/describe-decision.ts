import type { RecordFactOutcome } from "../ledger/ledger.js";
import type { JobFact } from "./job-fact.js";
import type { Routing } from "../policy/routing.js";

/** What intake decided about a job, in a few words for the webhook answer and the delivery log. */
export function describeDecision(fact: JobFact, routing: Routing): string {
  if (routing.kind === "ignored") return "ignored";
  if (routing.kind === "refused") return `refused (${routing.code})`;
  switch (fact.status) {
    case "queued":
      return `queued for pool ${routing.pool.key}`;
    case "waiting":
      return `waiting for approval; pool ${routing.pool.key}`;
    case "in_progress":
      return `in progress on runner ${fact.runnerName ?? "(not named)"}`;
    case "completed":
      return `completed (${fact.conclusion ?? "no conclusion"})`;
  }
}

/** Why, in words a person can act on. */
export function explainDecision(fact: JobFact, routing: Routing, outcome: RecordFactOutcome): string {
  if (routing.kind !== "pool") return routing.reason;
  if (!outcome.changed) {
    const known = outcome.job === null ? "newer facts" : `status ${outcome.job.status}, run attempt ${outcome.job.runAttempt}`;
    return `nothing changed: the ledger already holds ${known} for job ${fact.jobId}`;
  }
  const { pool } = routing;
  return `runs-on [${pool.labels.join(", ")}] → flavor ${pool.flavor}, image ${pool.image}, provider ${pool.provider}`;
}
