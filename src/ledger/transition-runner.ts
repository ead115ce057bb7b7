import type { DialectProfile } from "./dialect.js";
import type { Transition } from "./transition.js";

/** Runs transitions as transactions of one database; each dialect has its own (sqlite/, postgres/). */
export interface TransitionRunner {
  readonly dialect: DialectProfile;
  /** One writing transaction. */
  write<T>(transition: Transition<T>): Promise<T>;
  /** One transaction that sees one consistent state of the database. */
  read<T>(transition: Transition<T>): Promise<T>;
  /**
   * A short write that must not queue behind the others (the leader lease: a renewal stuck behind
   * a burst's launches would depose a healthy leader). PostgreSQL runs it on a connection of its
   * own; without it, `write`.
   */
  readonly writeUrgent?: <T>(transition: Transition<T>) => Promise<T>;
}
