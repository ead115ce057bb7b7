import type Database from "better-sqlite3";
import { sqliteProfile } from "../dialect.js";
import type { Transition } from "../transition.js";
import type { TransitionRunner } from "../transition-runner.js";

/**
 * Runs each transition synchronously inside one better-sqlite3 transaction. Nothing else can run
 * between its statements, so a transaction never waits for a connection lock and never holds one
 * across the event loop: in the dispatch benchmark, transactions that awaited each statement
 * through a query builder queued behind each other and made webhooks wait seconds.
 */
export function createSqliteRunner(database: Database.Database): TransitionRunner {
  const run = <T>(transition: Transition<T>): T => {
    let step = transition.next();
    while (step.done !== true) {
      const { sql, params, want } = step.value;
      const statement = database.prepare(sql);
      step = transition.next(want === "rows" ? statement.all(...params) : statement.run(...params).changes);
    }
    return step.value;
  };
  const transaction = database.transaction((transition: Transition<unknown>) => run(transition));
  const settle = <T>(work: () => T): Promise<T> => {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error as Error);
    }
  };
  return {
    dialect: sqliteProfile,
    // `begin immediate` takes the write lock up front, so a second process writing the same file
    // waits for `busy_timeout` instead of failing with SQLITE_BUSY when a read turns into a write.
    write: <T>(transition: Transition<T>) => settle(() => transaction.immediate(transition) as T),
    // In WAL mode a deferred transaction reads one snapshot while writers go on.
    read: <T>(transition: Transition<T>) => settle(() => transaction.deferred(transition) as T),
  };
}
