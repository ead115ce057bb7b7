import type { PoolRecord, RunnerRecord } from "./records.js";

/**
 * What the ledger knows about one pool, counted once (`readPoolFacts`): the only place demand and
 * supply are counted. The launch planner decides from these; the ledger holds no rule of its own.
 */
export interface PoolFacts {
  readonly pool: PoolRecord;
  /** Jobs offload will run and is waiting for: status `queued`, routed to this pool. */
  readonly queued: number;
  /** Runners that can still take a job: planned, registered, launched. Busy runners are not supply. */
  readonly supply: number;
  /** Runners running a job. */
  readonly busy: number;
  /** The oldest queued jobs no supply runner was launched for, at most `queued − supply` of them. */
  readonly unserved: readonly number[];
  /** The supply runners, oldest first, when there are more of them than queued jobs (else empty). */
  readonly idle: readonly RunnerRecord[];
  /** With `idle`: the ids of the pool's queued jobs (fewer than its supply runners). */
  readonly queuedJobIds: readonly number[];
}
