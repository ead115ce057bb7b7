import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Secret } from "../../config/secret.js";
import { OffloadError } from "../../errors/offload-error.js";
import { createLedger } from "../create-ledger.js";
import { postgresProfile } from "../dialect.js";
import type { Ledger } from "../ledger.js";
import type { LedgerDatabase } from "../ledger-database.js";
import { migrateLedger } from "../migrate-ledger.js";
import { createPostgresRunner } from "./create-postgres-runner.js";

export interface PostgresLedgerOptions {
  /** `postgres://user:password@host:port/database` (DATABASE_URL). */
  readonly connectionString: Secret;
  /** Connections in the pool. */
  readonly maxConnections?: number;
}

const INT8_OID = 20;

/**
 * `bigint` columns hold GitHub ids, which fit a JS number (below 2^53); pg returns int8 as text
 * by default. The parser is set on this pool only, not on pg's global type table.
 */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID && format !== "binary" ? (text: string) => Number(text) : pg.types.getTypeParser(oid, format ?? "text")) as typeof pg.types.getTypeParser,
};

/** Opens (creating or upgrading the schema of) a PostgreSQL ledger, for several dispatcher replicas. */
export async function openPostgresLedger(options: PostgresLedgerOptions): Promise<Ledger> {
  const pool = new pg.Pool({ connectionString: options.connectionString.reveal(), max: options.maxConnections ?? 10, types });
  // An idle connection the server drops must not crash the process; the next query reconnects.
  pool.on("error", () => undefined);
  const where = `the PostgreSQL ledger '${describeServer(options.connectionString)}'`;
  const db = new Kysely<LedgerDatabase>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateLedger(db as Kysely<unknown>, postgresProfile);
  } catch (cause) {
    await db.destroy();
    throw new OffloadError("OFFLOAD_LEDGER", `Opening ${where} failed: DATABASE_URL must reach a PostgreSQL server where the user may create tables`, { cause });
  }
  // One connection of its own for the leader lease, so renewals never wait behind launches.
  const leasePool = new pg.Pool({ connectionString: options.connectionString.reveal(), max: 1, types });
  leasePool.on("error", () => undefined);
  const leaseDb = new Kysely<LedgerDatabase>({ dialect: new PostgresDialect({ pool: leasePool }) });
  return createLedger(db, createPostgresRunner(db, leaseDb), where, async () => {
    await Promise.all([db.destroy(), leaseDb.destroy()]);
  });
}

/** host:port/database, without user or password, for messages. */
function describeServer(connectionString: Secret): string {
  try {
    const url = new URL(connectionString.reveal());
    return `${url.host}${url.pathname}`;
  } catch {
    return "DATABASE_URL";
  }
}
