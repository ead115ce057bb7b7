import type { Generated, Kysely } from "kysely";

/*
 * Row shapes of the ledger's tables as both databases return them. Timestamps are ISO 8601 text
 * and JSON is text in both dialects (see dialect.ts), so one row type serves SQLite and PostgreSQL.
 */

export interface DeliveriesTable {
  guid: string;
  event: string;
  action: string | null;
  received_at: string;
  result: string;
  reason: string;
  job_id: number | null;
}

export interface JobsTable {
  job_id: number;
  run_id: number;
  run_attempt: number;
  repo: string;
  owner_type: string;
  installation_id: number;
  status: string;
  conclusion: string | null;
  /** JSON array of the `runs-on` labels, case as written. */
  labels: string;
  name: string;
  workflow_name: string | null;
  head_branch: string | null;
  html_url: string | null;
  runner_name: string | null;
  runner_id: number | null;
  created_at: string;
  pool_key: string | null;
  routing: string;
  reason: string;
  flavor: string | null;
  first_seen_at: string;
  updated_at: string;
  started_at: string | null;
  completed_at: string | null;
}

export interface JobEventsTable {
  id: Generated<number>;
  job_id: number;
  at: string;
  kind: string;
  detail: string;
}

export interface PoolsTable {
  key: string;
  /** JSON of the `RunnerScope`. */
  scope: string;
  runner_group_id: number;
  /** JSON array of the runner's labels. */
  labels: string;
  provider: string;
  flavor: string;
  image: string;
  timeout_seconds: number;
  failures: number;
  retry_at: string | null;
  last_error: string | null;
  updated_at: string;
}

export interface RunnersTable {
  name: string;
  pool_key: string;
  provider: string;
  state: string;
  for_job_id: number | null;
  took_job_id: number | null;
  github_runner_id: number | null;
  compute_id: string | null;
  reason: string;
  created_at: string;
  updated_at: string;
  launched_at: string | null;
  busy_at: string | null;
  ended_at: string | null;
}

export interface RunsTable {
  run_id: number;
  repo: string;
  installation_id: number;
  private: number | null;
  head_sha: string | null;
  event: string | null;
  head_repo: string | null;
  head_branch: string | null;
  pull_request: number | null;
  approved_by: string | null;
  updated_at: string;
}

export interface CheckRunsTable {
  job_id: number;
  check_run_id: number;
  /** What the check run shows now (`status|reason`), so an unchanged job is not posted again. */
  posted: string;
  updated_at: string;
}

/** Settings the dispatcher remembers across restarts (migration 002). */
export interface DispatcherSettingsTable {
  name: string;
  value: string;
  updated_at: string;
}

/** The ledger's schema as Kysely sees it. */
export interface LeasesTable {
  name: string;
  holder: string;
  acquired_at: string;
  renewed_at: string;
  expires_at: string;
}

export interface LedgerDatabase {
  deliveries: DeliveriesTable;
  jobs: JobsTable;
  job_events: JobEventsTable;
  pools: PoolsTable;
  runners: RunnersTable;
  runs: RunsTable;
  check_runs: CheckRunsTable;
  leases: LeasesTable;
  dispatcher_settings: DispatcherSettingsTable;
}

/** A connection or an open transaction: every transition runs inside one. */
export type LedgerDb = Kysely<LedgerDatabase>;
