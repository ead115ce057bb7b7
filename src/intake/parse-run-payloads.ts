import { z } from "zod";
import type { RunFacts } from "../ledger/run-records.js";

const id = z.number().refine((value) => Number.isSafeInteger(value) && value > 0);
const repository = z.object({ full_name: z.string().min(1), private: z.boolean().optional() });
const installation = z.object({ id });

/** The run facts a `workflow_job` webhook carries beside the job: privacy and the head commit. */
const JobRunSchema = z.object({
  repository,
  installation,
  workflow_job: z.object({ run_id: id, head_sha: z.string().nullish() }),
});

/** `workflow_run`: where the run came from (github-protocol.md; the payload's `head_repository`). */
const WorkflowRunSchema = z.object({
  repository,
  installation,
  workflow_run: z.object({
    id,
    event: z.string(),
    head_sha: z.string().nullish(),
    head_branch: z.string().nullish(),
    head_repository: z.object({ full_name: z.string() }).nullish(),
    pull_requests: z.array(z.object({ number: id })).nullish(),
  }),
});

/** `pull_request` with action `labeled`: a maintainer's label, possibly the approval one. */
const LabeledSchema = z.object({
  action: z.literal("labeled"),
  repository,
  label: z.object({ name: z.string() }),
  sender: z.object({ login: z.string() }),
  pull_request: z.object({ number: id, head: z.object({ sha: z.string() }) }),
});

/** `check_run` with action `requested_action`: the check run's button (only people with write access may press it). */
const RequestedActionSchema = z.object({
  action: z.literal("requested_action"),
  repository,
  sender: z.object({ login: z.string() }),
  requested_action: z.object({ identifier: z.string() }),
  check_run: z.object({ head_sha: z.string() }),
});

export function runFactsFromJobPayload(body: unknown): RunFacts | null {
  const parsed = JobRunSchema.safeParse(body);
  if (!parsed.success) return null;
  const { repository: repo, installation: inst, workflow_job: job } = parsed.data;
  return { runId: job.run_id, repo: repo.full_name, installationId: inst.id, private: repo.private ?? null, headSha: job.head_sha ?? null };
}

export function runFactsFromWorkflowRun(body: unknown): RunFacts | null {
  const parsed = WorkflowRunSchema.safeParse(body);
  if (!parsed.success) return null;
  const { repository: repo, installation: inst, workflow_run: run } = parsed.data;
  return {
    runId: run.id,
    repo: repo.full_name,
    installationId: inst.id,
    private: repo.private ?? null,
    headSha: run.head_sha ?? null,
    event: run.event,
    headRepo: run.head_repository?.full_name ?? null,
    headBranch: run.head_branch ?? null,
    pullRequest: run.pull_requests?.[0]?.number ?? null,
  };
}

/** An approval a person gave: which runs (by pull request or head commit) and who. */
export interface Approval {
  readonly repo: string;
  readonly pullRequest?: number;
  readonly headSha: string;
  readonly by: string;
}

/** The approval in a `pull_request.labeled` or `check_run.requested_action` body, or null. */
export function readApproval(event: string, body: unknown, approveLabel: string): Approval | null {
  if (event === "pull_request") {
    const parsed = LabeledSchema.safeParse(body);
    if (!parsed.success || parsed.data.label.name.toLowerCase() !== approveLabel.toLowerCase()) return null;
    const { repository: repo, pull_request: pr, sender } = parsed.data;
    return { repo: repo.full_name, pullRequest: pr.number, headSha: pr.head.sha, by: `label '${parsed.data.label.name}' by ${sender.login}` };
  }
  if (event === "check_run") {
    const parsed = RequestedActionSchema.safeParse(body);
    if (!parsed.success || parsed.data.requested_action.identifier !== APPROVE_ACTION) return null;
    return { repo: parsed.data.repository.full_name, headSha: parsed.data.check_run.head_sha, by: `check run button by ${parsed.data.sender.login}` };
  }
  return null;
}

/** The identifier of the check run button that approves a held fork pull request. */
export const APPROVE_ACTION = "offload-approve";
