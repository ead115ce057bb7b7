/**
 * A ledger transition is a generator of SQL statements: it yields each statement and receives its
 * result, so the same code runs synchronously inside one better-sqlite3 transaction (no other
 * work can interleave, and nothing waits on a connection lock) and asynchronously inside a
 * PostgreSQL transaction. Statements use `?` placeholders; the PostgreSQL runner numbers them.
 */
export type SqlValue = string | number | null;

export interface Statement {
  readonly sql: string;
  readonly params: readonly SqlValue[];
  /** `rows`: the result is the rows; `changes`: the number of rows written. */
  readonly want: "rows" | "changes";
}

export type Transition<T> = Generator<Statement, T, unknown>;

/** The rows a query returns. */
export function* selectRows<R>(sql: string, params: readonly SqlValue[] = []): Transition<R[]> {
  return (yield { sql, params, want: "rows" }) as R[];
}

/** The first row a query returns, or null. */
export function* selectRow<R>(sql: string, params: readonly SqlValue[] = []): Transition<R | null> {
  const rows = yield* selectRows<R>(sql, params);
  return rows[0] ?? null;
}

/** Runs a write; returns how many rows it inserted, updated or deleted. */
export function* execute(sql: string, params: readonly SqlValue[] = []): Transition<number> {
  return (yield { sql, params, want: "changes" }) as number;
}

/** `?, ?, ?` for an `in (...)` list of `count` values. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => "?").join(", ");
}

/** `'a', 'b'`: constants of our own (runner states) inlined, so SQLite can match partial indexes. */
export function literalList(values: readonly string[]): string {
  return values.map((value) => `'${value.replace(/'/g, "''")}'`).join(", ");
}

/** `insert into <table> (<columns>) values (?, ...)` for one row object. */
export function* insertRow(table: string, row: Readonly<Record<string, SqlValue>>, conflict = ""): Transition<number> {
  const columns = Object.keys(row);
  return yield* execute(`insert into ${table} (${columns.map((c) => `"${c}"`).join(", ")}) values (${placeholders(columns.length)})${conflict}`, Object.values(row));
}

/** `update <table> set <patch columns> where <key> = ?`. */
export function* updateRow(table: string, key: string, value: SqlValue, patch: Readonly<Record<string, SqlValue>>): Transition<number> {
  const columns = Object.keys(patch);
  return yield* execute(`update ${table} set ${columns.map((c) => `"${c}" = ?`).join(", ")} where "${key}" = ?`, [...Object.values(patch), value]);
}
