import type Database from "better-sqlite3";
import { sqliteProfile } from "../dialect.js";
import type { Transition } from "../transition.js";
import type { TransitionRunner } from "../transition-runner.js";

/** A write waiting for the group commit of its event-loop turn. */
interface PendingWrite {
  readonly transition: Transition<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Runs each transition synchronously inside one better-sqlite3 transaction. Nothing else can run
 * between its statements, so a transaction never waits for a connection lock and never holds one
 * across the event loop: in the dispatch benchmark, transactions that awaited each statement
 * through a query builder queued behind each other and made webhooks wait seconds.
 *
 * Writes asked for in one turn of the event loop share one commit (group commit), each in its
 * own savepoint: one that throws is rolled back alone and rejects alone, the others commit. A
 * commit's fixed cost (file locks, the WAL frames of pages every write touches) was two thirds
 * of a write's time; a burst of webhooks pays it once per turn instead of once per webhook. A
 * write's promise resolves only after its commit, so a webhook is still acknowledged only once
 * recorded.
 */
export function createSqliteRunner(database: Database.Database, onCommit?: (commit: LedgerCommit) => void): SqliteRunner {
  const run = <T>(transition: Transition<T>): T => {
    let step = transition.next();
    while (step.done !== true) {
      const { sql, params, want } = step.value;
      const statement = database.prepare(sql);
      step = transition.next(want === "rows" ? statement.all(...params) : statement.run(...params).changes);
    }
    return step.value;
  };
  // Called inside `group`, better-sqlite3 makes this a savepoint.
  const transaction = database.transaction((transition: Transition<unknown>) => run(transition));
  const group = database.transaction((writes: readonly PendingWrite[]) =>
    writes.map((write): Outcome => {
      try {
        return { ok: true, value: transaction(write.transition) };
      } catch (error) {
        return { ok: false, error: error as Error };
      }
    }),
  );

  let pending: PendingWrite[] = [];
  const commit = (): void => {
    const writes = pending;
    pending = [];
    let outcomes: readonly Outcome[];
    const started = performance.now();
    try {
      // `begin immediate` takes the write lock up front, so a second process writing the same file
      // waits for `busy_timeout` instead of failing with SQLITE_BUSY when a read turns into a write.
      outcomes = group.immediate(writes);
    } catch (error) {
      outcomes = writes.map(() => ({ ok: false, error: error as Error }));
    }
    onCommit?.({ durationMs: performance.now() - started, writes: writes.length });
    outcomes.forEach((outcome, i) => {
      const write = writes[i] as PendingWrite;
      if (outcome.ok) write.resolve(outcome.value);
      else write.reject(outcome.error);
    });
  };
  const settle = <T>(work: () => T): Promise<T> => {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error as Error);
    }
  };
  return {
    dialect: sqliteProfile,
    write: <T>(transition: Transition<T>) =>
      new Promise<T>((resolve, reject) => {
        if (pending.length === 0) setImmediate(commit);
        pending.push({ transition, resolve: resolve as (value: unknown) => void, reject });
      }),
    // In WAL mode a deferred transaction reads one snapshot while writers go on.
    read: <T>(transition: Transition<T>) => settle(() => transaction.deferred(transition) as T),
    settled: () =>
      new Promise<void>((resolve) => {
        if (pending.length === 0) resolve();
        else setImmediate(resolve);
      }),
  };
}

/** One group commit: how long it held the event loop, and how many writes it carried. */
export interface LedgerCommit {
  readonly durationMs: number;
  readonly writes: number;
}

/** The SQLite runner also says when the writes asked for so far are committed (before closing). */
export interface SqliteRunner extends TransitionRunner {
  settled(): Promise<void>;
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: Error };
