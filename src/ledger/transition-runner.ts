import type { DialectProfile } from "./dialect.js";
import type { Transition } from "./transition.js";

/** Runs transitions as transactions of one database; each dialect has its own (sqlite/, postgres/). */
export interface TransitionRunner {
  readonly dialect: DialectProfile;
  /** One writing transaction. */
  write<T>(transition: Transition<T>): Promise<T>;
  /** One transaction that sees one consistent state of the database. */
  read<T>(transition: Transition<T>): Promise<T>;
}
