import { join } from "node:path";
import type { Secret } from "../config/secret.js";
import type { Ledger } from "./ledger.js";
import { openPostgresLedger } from "./postgres/open-postgres-ledger.js";
import { openSqliteLedger } from "./sqlite/open-sqlite-ledger.js";

/** The ledger file's name inside OFFLOAD_DATA_DIR. */
export const SQLITE_LEDGER_FILE = "offload.db";

/** Opens the ledger the configuration asks for: PostgreSQL when DATABASE_URL is set, else SQLite in the data directory. */
export function openLedger(options: { readonly dataDir: string; readonly databaseUrl: Secret | null }): Promise<Ledger> {
  return options.databaseUrl === null
    ? openSqliteLedger({ path: join(options.dataDir, SQLITE_LEDGER_FILE) })
    : openPostgresLedger({ connectionString: options.databaseUrl });
}
