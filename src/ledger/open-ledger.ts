import { join } from "node:path";
import type { Logger } from "pino";
import type { Secret } from "../config/secret.js";
import type { Ledger } from "./ledger.js";
import { openPostgresLedger } from "./postgres/open-postgres-ledger.js";
import type { LedgerCommit } from "./sqlite/create-sqlite-runner.js";
import { openSqliteLedger } from "./sqlite/open-sqlite-ledger.js";

/** The ledger file's name inside OFFLOAD_DATA_DIR. */
export const SQLITE_LEDGER_FILE = "offload.db";

/**
 * Opens the dispatcher's ledger: PostgreSQL when DATABASE_URL is set, else SQLite in the data
 * directory, checkpointed in the background (`log` hears of checkpoint problems).
 */
export function openLedger(options: {
  readonly dataDir: string;
  readonly databaseUrl: Secret | null;
  readonly log: Logger;
  /** SQLite only: hears of every commit. */
  readonly onCommit?: (commit: LedgerCommit) => void;
}): Promise<Ledger> {
  return options.databaseUrl === null
    ? openSqliteLedger({ path: join(options.dataDir, SQLITE_LEDGER_FILE), backgroundCheckpoints: { log: options.log }, ...(options.onCommit === undefined ? {} : { onCommit: options.onCommit }) })
    : openPostgresLedger({ connectionString: options.databaseUrl });
}
