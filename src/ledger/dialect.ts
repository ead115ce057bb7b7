import type { ColumnDefinitionBuilder } from "kysely";

/**
 * Every difference between SQLite and PostgreSQL the ledger knows about, in one place (STYLE §6).
 * Everything else is shared: timestamps are ISO 8601 text and JSON is text in both, so ordering,
 * equality and `LIKE` behave alike; transitions are plain parameterised SQL both speak
 * (`on conflict`, `in (...)`), run by each dialect's transition runner.
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
  /** Appended to a select whose rows stay locked until the transaction ends, where the database needs it. */
  readonly lockRows: string;
  /**
   * A query whose single value changes whenever another connection commits to the database, or
   * null when the dialect cannot tell (then every read goes to the database).
   */
  readonly changeTokenSql: string | null;
}

export const sqliteProfile: DialectProfile = {
  name: "sqlite",
  bigint: "integer",
  serialPrimaryKey: (column) => column.primaryKey().autoIncrement(),
  // SQLite has one writer at a time: a `begin immediate` transaction already excludes the others.
  lockRows: "",
  // `data_version` changes when another connection (the CLI, a second process) commits.
  changeTokenSql: "pragma data_version",
};

export const postgresProfile: DialectProfile = {
  name: "postgres",
  bigint: "bigint",
  serialPrimaryKey: (column) => column.primaryKey().generatedAlwaysAsIdentity(),
  lockRows: " for update",
  // Other replicas write the same database, so nothing read earlier can be trusted.
  changeTokenSql: null,
};
