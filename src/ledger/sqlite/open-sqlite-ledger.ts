import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { OffloadError } from "../../errors/offload-error.js";
import { createLedger } from "../create-ledger.js";
import { sqliteProfile } from "../dialect.js";
import type { Ledger } from "../ledger.js";
import type { LedgerDatabase } from "../ledger-database.js";
import { migrateLedger } from "../migrate-ledger.js";
import { cachePreparedStatements } from "./cache-prepared-statements.js";
import { createSqliteRunner } from "./create-sqlite-runner.js";

export interface SqliteLedgerOptions {
  /** The database file (created with its directory), or `:memory:`. */
  readonly path: string;
  /** How long a writer waits for another process's lock before failing (ms). */
  readonly busyTimeoutMs?: number;
}

/** Opens (creating or upgrading) the embedded SQLite ledger. */
export async function openSqliteLedger(options: SqliteLedgerOptions): Promise<Ledger> {
  const inMemory = options.path === ":memory:";
  const path = inMemory ? options.path : resolve(options.path);
  const where = inMemory ? "the in-memory SQLite ledger" : `the SQLite ledger '${path}'`;
  let database: Database.Database;
  try {
    if (!inMemory) mkdirSync(dirname(path), { recursive: true });
    database = new Database(path);
    // WAL lets readers (dashboard, CLI) work while the dispatcher writes; NORMAL is durable across
    // process crashes in WAL mode and only risks the last commits on power loss.
    database.pragma("journal_mode = WAL");
    database.pragma("synchronous = NORMAL");
    database.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
    database.pragma("foreign_keys = ON");
    cachePreparedStatements(database);
  } catch (cause) {
    throw new OffloadError("OFFLOAD_LEDGER", `Opening ${where} failed: the file's directory must exist or be creatable, and be writable`, { cause });
  }
  const db = new Kysely<LedgerDatabase>({ dialect: new SqliteDialect({ database }) });
  try {
    await migrateLedger(db as Kysely<unknown>, sqliteProfile);
  } catch (cause) {
    await db.destroy();
    throw new OffloadError("OFFLOAD_LEDGER", `Migrating ${where} failed: the file must be an offload ledger written by this or an older version`, { cause });
  }
  return createLedger(db, createSqliteRunner(database), where, () => db.destroy());
}
