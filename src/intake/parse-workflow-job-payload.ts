import { z } from "zod";
import { OffloadError } from "../errors/offload-error.js";
import { JOB_STATUS_RANK, type JobFact, type JobStatus } from "./job-fact.js";

const STATUSES = Object.keys(JOB_STATUS_RANK) as [JobStatus, ...JobStatus[]];

/** JSON numbers above 2^53 - 1 lose digits when parsed, so such an id could name another job. */
const id = z.number().refine((value) => Number.isSafeInteger(value) && value > 0, {
  error: "expected a positive integer no larger than 2^53 - 1 (9007199254740991)",
});

/** GitHub's grammar for `owner/name`: owners letters, digits, `-` (and `_` for managed users); names add `.`. */
const fullName = z.string().regex(/^[A-Za-z0-9_-]+\/(?!\.\.?$)[A-Za-z0-9._-]+$/, { error: "expected owner/name in GitHub's characters" });

/** Labels: at most 100, each at most 256 characters, as the runner itself validates them. */
const labels = z.array(z.string().min(1).max(256)).max(100);

const PayloadSchema = z.object({
  action: z.string(),
  repository: z.object({ full_name: fullName, owner: z.object({ type: z.enum(["User", "Organization"]) }) }),
  installation: z.object({ id }),
  workflow_job: z.object({
    id,
    run_id: id,
    run_attempt: id,
    status: z.enum(STATUSES),
    conclusion: z.string().nullish(),
    labels,
    name: z.string(),
    workflow_name: z.string().nullish(),
    head_branch: z.string().nullish(),
    html_url: z.string().nullish(),
    runner_name: z.string().nullish(),
    runner_id: z.union([z.literal(0), id]).nullish(),
    created_at: z.string().min(1),
  }),
});

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((part, index) => (typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`)).join("");
}

/**
 * Reads the fields offload needs from a `workflow_job` body, or throws OFFLOAD_WEBHOOK_BAD_REQUEST
 * naming every bad field. The action is the status when it is one: the body's `status` can lag
 * the action (github-protocol.md §1.6), and the action is what GitHub says happened.
 */
export function parseWorkflowJobPayload(body: unknown): JobFact {
  const parsed = PayloadSchema.safeParse(body, { error: (issue) => (issue.input === undefined ? "is required but missing" : undefined) });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => `'${formatPath(issue.path) || "(body)"}' ${issue.message}`);
    throw new OffloadError("OFFLOAD_WEBHOOK_BAD_REQUEST", `workflow_job payload in webhook body: field ${fields.join("; field ")}`);
  }
  const { action, repository, installation, workflow_job: job } = parsed.data;
  const status = STATUSES.find((known) => known === action) ?? job.status;
  return {
    jobId: job.id,
    runId: job.run_id,
    runAttempt: job.run_attempt,
    repo: repository.full_name,
    ownerType: repository.owner.type,
    installationId: installation.id,
    status,
    conclusion: job.conclusion ?? null,
    labels: job.labels,
    name: job.name,
    workflowName: job.workflow_name ?? null,
    headBranch: job.head_branch ?? null,
    htmlUrl: job.html_url ?? null,
    // Some clients report "no runner" as 0 or "" rather than null (github-protocol.md §1.7).
    runnerName: job.runner_name || null,
    runnerId: job.runner_id || null,
    createdAt: job.created_at,
  };
}
