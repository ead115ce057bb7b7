import { isOffloadError, OffloadError } from "../errors/offload-error.js";

/**
 * Turns a database error into `OFFLOAD_LEDGER`, naming what failed and where. The cause (driver
 * error) is kept for logs but not put in the message, which clients may see: a PostgreSQL error
 * can quote values. Errors the ledger raised on purpose pass through unchanged.
 */
export function ledgerFailure(what: string, where: string, cause: unknown): OffloadError {
  if (isOffloadError(cause)) return cause;
  return new OffloadError("OFFLOAD_LEDGER", `${what} in ${where} failed: the database must be reachable, writable and not full`, { cause });
}
