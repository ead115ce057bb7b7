import type { DialectProfile } from "./dialect.js";
import type { QueuedRunJob } from "./list-public-queued-runs.js";
import { toRunRecord } from "./list-run-records.js";
import type { RunsTable } from "./ledger-database.js";
import { ACTIVE_STATES_SQL } from "./runner-states.js";
import { execute, placeholders, selectRows, type Transition } from "./transition.js";
import type { Selectable } from "kysely";

/** One pool's runners that have not ended (busy included), with what limits count them by. */
export interface AlivePool {
  readonly key: string;
  readonly flavor: string;
  /** JSON of the pool's runner scope. */
  readonly scope: string;
  readonly alive: number;
}

/** What policy decides a claim on, read inside the claim's transaction. */
export interface PolicyFacts {
  /** Every pool with runners alive: concurrency limits count across all of them. */
  readonly alive: readonly AlivePool[];
  /** Queued jobs of the claimed pools whose run is public, of unknown privacy, or not yet known. */
  readonly forkCandidates: readonly QueuedRunJob[];
}

/**
 * Reads, under the claim's locks, what policy needs to be exact: runners alive per pool (a global
 * concurrency limit spans pools, so with `limits` every claim first takes one lock row shared by
 * all, and two claims for different pools cannot both take the last slot), and the queued jobs
 * whose run may be a fork's pull request (a job whose run is unknown counts as such).
 */
export function* readPolicyFacts(dialect: DialectProfile, input: { poolKeys: readonly string[]; limits: boolean; forks: boolean }): Transition<PolicyFacts> {
  let alive: AlivePool[] = [];
  if (input.limits) {
    if (dialect.lockRows !== "") {
      yield* execute("insert into dispatcher_settings (name, value, updated_at) values ('launch-limits', '', '') on conflict (name) do nothing");
      yield* selectRows(`select name from dispatcher_settings where name = 'launch-limits'${dialect.lockRows}`);
    }
    alive = yield* selectRows<AlivePool>(
      `select p.key, p.flavor, p.scope, count(*) as alive from runners r join pools p on p.key = r.pool_key where r.state in (${ACTIVE_STATES_SQL}) group by p.key, p.flavor, p.scope`,
    );
    alive = alive.map((row) => ({ ...row, alive: Number(row.alive) }));
  }
  if (!input.forks || input.poolKeys.length === 0) return { alive, forkCandidates: [] };
  const rows = yield* selectRows<Partial<Selectable<RunsTable>> & { job_id: number; pool_key: string; job_run_id: number; job_repo: string; installation: number }>(
    "select r.*, j.job_id, j.pool_key, j.run_id as job_run_id, j.repo as job_repo, j.installation_id as installation from jobs j left join runs r on r.run_id = j.run_id " +
      `where j.status = 'queued' and j.routing = 'pool' and j.pool_key in (${placeholders(input.poolKeys.length)}) and (r.run_id is null or r.private is null or r.private = 0) order by j.created_at, j.job_id`,
    input.poolKeys,
  );
  const forkCandidates = rows.map(({ job_id, pool_key, job_run_id, job_repo, installation, ...run }): QueuedRunJob => ({
    jobId: job_id,
    poolKey: pool_key,
    run: run.run_id === undefined || run.run_id === null
      ? { runId: job_run_id, repo: job_repo, installationId: installation, private: null, headSha: null, event: null, headRepo: null, headBranch: null, pullRequest: null, approvedBy: null }
      : toRunRecord(run as Selectable<RunsTable>),
  }));
  return { alive, forkCandidates };
}
