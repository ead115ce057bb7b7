import type { Selectable } from "kysely";
import type { RunnerScope } from "../policy/runner-scope.js";
import type { DeliveriesTable, JobsTable, PoolsTable, RunnersTable } from "./ledger-database.js";
import type { DeliveryRecord, JobRecord, PoolRecord, RunnerRecord } from "./records.js";
import type { JobStatus } from "../intake/job-fact.js";
import type { RunnerState } from "../domain/runner-states.js";
import type { Routing } from "../policy/routing.js";

/*
 * Rows to records. The ledger writes every text-typed enum itself, so reading them back narrows
 * with a cast rather than a parse: a row holds only what a transition put there.
 */

export function toJobRecord(row: Selectable<JobsTable>): JobRecord {
  return {
    jobId: row.job_id,
    runId: row.run_id,
    runAttempt: row.run_attempt,
    repo: row.repo,
    ownerType: row.owner_type as JobRecord["ownerType"],
    installationId: row.installation_id,
    status: row.status as JobStatus,
    conclusion: row.conclusion,
    labels: JSON.parse(row.labels) as string[],
    name: row.name,
    workflowName: row.workflow_name,
    headBranch: row.head_branch,
    htmlUrl: row.html_url,
    runnerName: row.runner_name,
    runnerId: row.runner_id,
    createdAt: row.created_at,
    poolKey: row.pool_key,
    routing: row.routing as Routing["kind"],
    reason: row.reason,
    flavor: row.flavor,
    firstSeenAt: row.first_seen_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
  };
}

export function toJobRow(job: JobRecord): Selectable<JobsTable> {
  return {
    job_id: job.jobId,
    run_id: job.runId,
    run_attempt: job.runAttempt,
    repo: job.repo,
    owner_type: job.ownerType,
    installation_id: job.installationId,
    status: job.status,
    conclusion: job.conclusion,
    labels: JSON.stringify(job.labels),
    name: job.name,
    workflow_name: job.workflowName,
    head_branch: job.headBranch,
    html_url: job.htmlUrl,
    runner_name: job.runnerName,
    runner_id: job.runnerId,
    created_at: job.createdAt,
    pool_key: job.poolKey,
    routing: job.routing,
    reason: job.reason,
    flavor: job.flavor,
    first_seen_at: job.firstSeenAt,
    updated_at: job.updatedAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
  };
}

export function toRunnerRecord(row: Selectable<RunnersTable>): RunnerRecord {
  return {
    name: row.name,
    poolKey: row.pool_key,
    provider: row.provider,
    state: row.state as RunnerState,
    forJobId: row.for_job_id,
    tookJobId: row.took_job_id,
    githubRunnerId: row.github_runner_id,
    computeId: row.compute_id,
    reason: row.reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    launchedAt: row.launched_at,
    busyAt: row.busy_at,
    endedAt: row.ended_at,
  };
}

export function toPoolRecord(row: Selectable<PoolsTable>): PoolRecord {
  return {
    key: row.key,
    scope: JSON.parse(row.scope) as RunnerScope,
    runnerGroupId: row.runner_group_id,
    labels: JSON.parse(row.labels) as string[],
    provider: row.provider,
    flavor: row.flavor,
    image: row.image,
    timeoutSeconds: row.timeout_seconds,
    failures: row.failures,
    retryAt: row.retry_at,
    lastError: row.last_error,
  };
}

export function toDeliveryRecord(row: Selectable<DeliveriesTable>): DeliveryRecord {
  return {
    guid: row.guid,
    event: row.event,
    action: row.action,
    receivedAt: row.received_at,
    result: row.result as DeliveryRecord["result"],
    reason: row.reason,
    jobId: row.job_id,
  };
}
