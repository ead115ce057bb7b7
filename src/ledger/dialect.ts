import { sql, type ColumnDefinitionBuilder, type SelectQueryBuilder } from "kysely";
import type { LedgerDatabase, LedgerDb } from "./ledger-database.js";

/**
 * Every difference between SQLite and PostgreSQL the ledger knows about, in one place (STYLE §6).
 * Everything else is shared: timestamps are ISO 8601 text and JSON is text in both, so ordering,
 * equality and `LIKE` behave alike; upserts use Kysely's `onConflict`, which both speak.
 */
export interface DialectProfile {
  readonly name: "sqlite" | "postgres";
  /**
   * Column type for GitHub ids (job ids already exceed 2^31). SQLite's `integer` is 64-bit and,
   * as a primary key, the row id itself; PostgreSQL needs `bigint`.
   */
  readonly bigint: "integer" | "bigint";
  /** Makes `column` an auto-numbered primary key. */
  serialPrimaryKey(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** Runs `work` as one writing transaction. */
  write<T>(db: LedgerDb, work: (tx: LedgerDb) => Promise<T>): Promise<T>;
  /** Runs `work` as one transaction that sees one consistent state of the database. */
  read<T>(db: LedgerDb, work: (tx: LedgerDb) => Promise<T>): Promise<T>;
  /**
   * A value that changes whenever another connection commits to the database, or null when the
   * dialect cannot tell (then every read goes to the database).
   */
  changeToken(db: LedgerDb): Promise<string | null>;
  /** Locks the selected rows until the transaction ends, where the database needs it. */
  forUpdate<TB extends keyof LedgerDatabase, O>(query: SelectQueryBuilder<LedgerDatabase, TB, O>): SelectQueryBuilder<LedgerDatabase, TB, O>;
}

export const sqliteProfile: DialectProfile = {
  name: "sqlite",
  bigint: "integer",
  serialPrimaryKey: (column) => column.primaryKey().autoIncrement(),
  // `begin immediate` takes the write lock up front, so a second process writing the same file
  // waits for `busy_timeout` instead of failing with SQLITE_BUSY when a read turns into a write.
  write: (db, work) =>
    db.connection().execute(async (connection) => {
      await sql`begin immediate`.execute(connection);
      return finish(connection, work);
    }),
  // In WAL mode a deferred transaction reads one snapshot while writers go on.
  read: (db, work) =>
    db.connection().execute(async (connection) => {
      await sql`begin`.execute(connection);
      return finish(connection, work);
    }),
  // `data_version` changes when another connection (the CLI, a second process) commits.
  changeToken: async (db) => {
    const { rows } = await sql<{ data_version: number }>`pragma data_version`.execute(db);
    return String(rows[0]?.data_version ?? "");
  },
  // SQLite has one writer at a time: a `begin immediate` transaction already excludes the others.
  forUpdate: (query) => query,
};

export const postgresProfile: DialectProfile = {
  name: "postgres",
  bigint: "bigint",
  serialPrimaryKey: (column) => column.primaryKey().generatedAlwaysAsIdentity(),
  write: (db, work) => db.transaction().execute(work),
  read: (db, work) => db.transaction().setIsolationLevel("repeatable read").setAccessMode("read only").execute(work),
  // Other replicas write the same database, so nothing read earlier can be trusted.
  changeToken: () => Promise.resolve(null),
  forUpdate: (query) => query.forUpdate(),
};

async function finish<T>(connection: LedgerDb, work: (tx: LedgerDb) => Promise<T>): Promise<T> {
  try {
    const result = await work(connection);
    await sql`commit`.execute(connection);
    return result;
  } catch (error) {
    // The first error is the one worth reporting; a failed rollback only means none was open.
    await sql`rollback`.execute(connection).catch(() => undefined);
    throw error;
  }
}
