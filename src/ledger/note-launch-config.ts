import { execute, selectRow, selectRows, type Transition } from "./transition.js";

const SETTING = "launch-config-fingerprint";

/**
 * Remembers the fingerprint of the configuration launches depend on. When it differs from the
 * one stored (a new HF token, another image, another App), every pool backing off is cleared:
 * what failed before may work now, and waiting out a 30-minute probe would hide that. Returns the
 * keys of the pools cleared; none on the first start or with an unchanged configuration.
 */
export function* noteLaunchConfig(fingerprint: string, now: string): Transition<string[]> {
  const stored = yield* selectRow<{ value: string }>("select value from dispatcher_settings where name = ?", [SETTING]);
  if (stored?.value === fingerprint) return [];
  yield* execute(
    "insert into dispatcher_settings (name, value, updated_at) values (?, ?, ?) on conflict (name) do update set value = excluded.value, updated_at = excluded.updated_at",
    [SETTING, fingerprint, now],
  );
  if (stored === null) return [];
  const held = (yield* selectRows<{ key: string }>("select key from pools where retry_at is not null or failures > 0 order by key")).map((row) => row.key);
  if (held.length === 0) return [];
  yield* execute("update pools set failures = 0, retry_at = null, last_error = null, updated_at = ? where retry_at is not null or failures > 0", [now]);
  return held;
}
