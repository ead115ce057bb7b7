import type { LeaseRecord } from "./records.js";
import { execute, selectRow, type Transition } from "./transition.js";

interface LeaseRow {
  name: string;
  holder: string;
  acquired_at: string;
  expires_at: string;
}

/**
 * Takes the lease `name` for `holder` until `expiresAt`, or renews it when `holder` has it
 * already; a lease another holder still has at `now` is left alone. One upsert decides, so two
 * replicas asking at once cannot both win: on PostgreSQL the second waits for the first's row and
 * then sees its holder (`on conflict ... do update ... where`); SQLite has one writer anyway.
 * Returns whoever holds the lease afterwards.
 */
export function* acquireLease(input: { name: string; holder: string; now: string; expiresAt: string }): Transition<LeaseRecord> {
  yield* execute(
    `insert into leases (name, holder, acquired_at, renewed_at, expires_at) values (?, ?, ?, ?, ?)
     on conflict (name) do update set
       holder = excluded.holder,
       acquired_at = case when leases.holder = excluded.holder then leases.acquired_at else excluded.acquired_at end,
       renewed_at = excluded.renewed_at,
       expires_at = excluded.expires_at
     where leases.holder = excluded.holder or leases.expires_at <= excluded.renewed_at`,
    [input.name, input.holder, input.now, input.now, input.expiresAt],
  );
  const row = yield* selectRow<LeaseRow>("select name, holder, acquired_at, expires_at from leases where name = ?", [input.name]);
  if (row === null) throw new Error(`lease '${input.name}' vanished inside its own transaction`);
  return { name: row.name, holder: row.holder, acquiredAt: row.acquired_at, expiresAt: row.expires_at };
}
