import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Logger } from "pino";
import { OffloadError } from "../../errors/offload-error.js";
import { createLedger } from "../create-ledger.js";
import { sqliteProfile } from "../dialect.js";
import type { Ledger } from "../ledger.js";
import type { LedgerDatabase } from "../ledger-database.js";
import { migrateLedger } from "../migrate-ledger.js";
import { cachePreparedStatements } from "./cache-prepared-statements.js";
import { createSqliteRunner, type LedgerCommit } from "./create-sqlite-runner.js";
import { startWalCheckpointer, type WalCheckpointer } from "./start-wal-checkpointer.js";

/** SQLite's own threshold for checkpointing inside a commit, in WAL pages. */
const AUTOCHECKPOINT_PAGES = 1000;
/** With a background checkpointer: commits checkpoint only if it falls this far behind (~40 MB). */
const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;
/** How often the background checkpointer copies the WAL into the database file. */
const CHECKPOINT_INTERVAL_MS = 500;

export interface SqliteLedgerOptions {
  /** The database file (created with its directory), or `:memory:`. */
  readonly path: string;
  /** How long a writer waits for another process's lock before failing (ms). */
  readonly busyTimeoutMs?: number;
  /**
   * Checkpoint the WAL from a worker thread instead of inside commits (see start-wal-checkpointer.ts);
   * the dispatcher does, short-lived commands and tests need not. Problems are logged to `log`.
   */
  readonly backgroundCheckpoints?: { readonly log: Logger };
  /** Hears of every commit (the dispatcher's metrics). */
  readonly onCommit?: (commit: LedgerCommit) => void;
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
  const checkpointer = inMemory || options.backgroundCheckpoints === undefined ? null : checkpointInBackground(database, path, options.backgroundCheckpoints.log);
  const runner = createSqliteRunner(database, options.onCommit);
  return createLedger(db, runner, where, async () => {
    await runner.settled();
    await checkpointer?.stop();
    await db.destroy();
  });
}

function checkpointInBackground(database: Database.Database, path: string, log: Logger): WalCheckpointer {
  database.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  return startWalCheckpointer({
    path,
    intervalMs: CHECKPOINT_INTERVAL_MS,
    onProblem: (reason) => log.warn({ ledger: path, reason }, "background WAL checkpoint failed; the next one retries"),
    onFailure: (reason) => {
      log.warn({ ledger: path, reason }, "background WAL checkpointer stopped; commits checkpoint the ledger again");
      if (database.open) database.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    },
  });
}
