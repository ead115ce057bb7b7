import type Database from "better-sqlite3";

/** Distinct SQL texts kept prepared; the ledger issues a few dozen shapes, `in (...)` lists add more. */
const MAX_STATEMENTS = 500;

/**
 * Makes `database.prepare` reuse statements by SQL text, for the transition runner and for
 * Kysely's SQLite driver alike (the driver prepares every query it runs; preparing took a third
 * of the dispatcher's SQL time in the dispatch benchmark). A better-sqlite3 statement can be run
 * again with new parameters, and neither caller keeps one between calls, so sharing them is safe.
 */
export function cachePreparedStatements(database: Database.Database): void {
  const prepare = database.prepare.bind(database);
  const cache = new Map<string, Database.Statement>();
  database.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement === undefined) {
      statement = prepare(source);
      if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value as string);
      cache.set(source, statement);
    }
    return statement;
  }) as Database.Database["prepare"];
}
