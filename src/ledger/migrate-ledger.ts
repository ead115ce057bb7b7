import { Migrator, type Kysely, type Migration } from "kysely";
import type { DialectProfile } from "./dialect.js";
import { LEDGER_MIGRATIONS } from "./migrations/index.js";
import type { LedgerMigration } from "./migrations/ledger-migration.js";

/**
 * Brings the schema up to date and returns the names of the migrations it applied (empty when the
 * database was current). Kysely's Migrator records them in `schema_migrations` and, on PostgreSQL,
 * holds an advisory lock so replicas starting together migrate once.
 */
export async function migrateLedger(
  db: Kysely<unknown>,
  dialect: DialectProfile,
  migrations: readonly LedgerMigration[] = LEDGER_MIGRATIONS,
): Promise<string[]> {
  const byName: Record<string, Migration> = {};
  for (const migration of migrations) byName[migration.name] = { up: (tx: Kysely<unknown>) => migration.up(tx, dialect) };
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(byName) },
    migrationTableName: "schema_migrations",
    migrationLockTableName: "schema_migrations_lock",
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) throw error;
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
