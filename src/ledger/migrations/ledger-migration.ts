import type { Kysely } from "kysely";
import type { DialectProfile } from "../dialect.js";

/**
 * One numbered, forward-only schema step. `name` starts with its number (`002-...`) because
 * migrations run in name order; a migration, once released, is never edited, only followed.
 */
export interface LedgerMigration {
  readonly name: string;
  up(db: Kysely<unknown>, dialect: DialectProfile): Promise<void>;
}
