import type { DeliveryDeps } from "./handle-delivery.js";
import { readApproval, runFactsFromWorkflowRun } from "./parse-run-payloads.js";

/** Events that tell about runs rather than jobs: where a run came from, and approvals of held forks. */
export const RUN_EVENTS: ReadonlySet<string> = new Set(["workflow_run", "pull_request", "check_run"]);

/**
 * Records what a `workflow_run`, `pull_request` or `check_run` webhook says about runs: the run's
 * origin (so a fork's pull request is recognised before its jobs launch) or a maintainer's
 * approval (the approval label, the check run's button), which wakes the reconciler.
 */
export async function handleRunEvent(deps: DeliveryDeps, event: string, body: unknown): Promise<{ accepted: boolean; reason: string }> {
  const now = deps.clock.iso();
  if (event === "workflow_run") {
    const facts = runFactsFromWorkflowRun(body);
    if (facts === null) return { accepted: false, reason: "workflow_run without the fields offload reads" };
    await deps.ledger.recordRunFacts(facts, now);
    return { accepted: true, reason: `run ${facts.runId} of ${facts.repo}: ${facts.event ?? "?"} from ${facts.headRepo ?? facts.repo}` };
  }
  const approval = readApproval(event, body, deps.config.policy.forks.approveLabel);
  if (approval === null) return { accepted: false, reason: `${event} carries no approval for offload` };
  const approved = await deps.ledger.approveRuns(
    approval.pullRequest === undefined ? { repo: approval.repo, headSha: approval.headSha } : { repo: approval.repo, pullRequest: approval.pullRequest },
    approval.by,
    now,
  );
  // A fork's run may not know its pull request's number: its head commit names it too.
  const byCommit = approval.pullRequest === undefined ? 0 : await deps.ledger.approveRuns({ repo: approval.repo, headSha: approval.headSha }, approval.by, now);
  if (approved + byCommit > 0) deps.wake(null);
  return { accepted: true, reason: `${approval.by} approved ${approved + byCommit} run(s) of ${approval.repo}` };
}
