import type { Selectable } from "kysely";
import { OffloadError } from "../errors/offload-error.js";
import type { DialectProfile } from "./dialect.js";
import type { RunnersTable } from "./ledger-database.js";
import { selectRow, type Transition } from "./transition.js";

/**
 * A runner row, held until the transaction ends. `ignoreCase` matches the way GitHub compares
 * runner names, for names that come back from GitHub rather than from us (the `runners_lower_name`
 * index serves it).
 */
export function* findRunner(dialect: DialectProfile, name: string, ignoreCase = false): Transition<Selectable<RunnersTable> | null> {
  const where = ignoreCase ? "lower(name) = ?" : "name = ?";
  return yield* selectRow<Selectable<RunnersTable>>(
    `select * from runners where ${where} order by created_at desc limit 1${dialect.lockRows}`,
    [ignoreCase ? name.toLowerCase() : name],
  );
}

/** Like `findRunner`, for transitions of a runner the caller planned: an unknown name is a bug. */
export function* requireRunner(dialect: DialectProfile, name: string): Transition<Selectable<RunnersTable>> {
  const row = yield* findRunner(dialect, name);
  if (row === null) {
    throw new OffloadError("OFFLOAD_NOT_FOUND", `Runner '${name}' in the ledger: a runner must be claimed (claimRunners) before its state changes`);
  }
  return row;
}
