import { CompiledQuery, type Kysely } from "kysely";
import { postgresProfile } from "../dialect.js";
import type { LedgerDatabase } from "../ledger-database.js";
import type { Transition } from "../transition.js";
import type { TransitionRunner } from "../transition-runner.js";

/** Runs each transition in one PostgreSQL transaction on a pooled connection (through Kysely). */
export function createPostgresRunner(db: Kysely<LedgerDatabase>, urgent?: Kysely<LedgerDatabase>): TransitionRunner {
  const numbered = new Map<string, string>();
  // Transitions write `?`; PostgreSQL wants `$1, $2, ...`. No transition has a `?` in a literal.
  const toPostgres = (sql: string): string => {
    let text = numbered.get(sql);
    if (text === undefined) {
      let n = 0;
      text = sql.replace(/\?/g, () => `$${++n}`);
      numbered.set(sql, text);
    }
    return text;
  };
  const run = async <T>(tx: Kysely<LedgerDatabase>, transition: Transition<T>): Promise<T> => {
    let step = transition.next();
    while (step.done !== true) {
      const { sql, params, want } = step.value;
      const result = await tx.executeQuery(CompiledQuery.raw(toPostgres(sql), [...params]));
      step = transition.next(want === "rows" ? result.rows : Number(result.numAffectedRows ?? 0n));
    }
    return step.value;
  };
  return {
    dialect: postgresProfile,
    write: (transition) => db.transaction().execute((tx) => run(tx, transition)),
    ...(urgent === undefined ? {} : { writeUrgent: <T>(transition: Transition<T>) => urgent.transaction().execute((tx) => run(tx, transition)) }),
    read: (transition) => db.transaction().setIsolationLevel("repeatable read").setAccessMode("read only").execute((tx) => run(tx, transition)),
  };
}
