import type { PoolSpec } from "../policy/routing.js";
import { execute, placeholders, type Transition } from "./transition.js";

const SPEC_COLUMNS = ["scope", "runner_group_id", "labels", "provider", "flavor", "image", "timeout_seconds", "updated_at"] as const;
const UPSERT =
  `insert into pools (key, ${SPEC_COLUMNS.join(", ")}, failures, retry_at, last_error) values (?, ${placeholders(SPEC_COLUMNS.length)}, 0, null, null) ` +
  `on conflict (key) do update set ${SPEC_COLUMNS.map((c) => `${c} = excluded.${c}`).join(", ")}`;

/**
 * Stores how to start a pool's runners. The spec follows the latest routing (configuration may
 * have changed an image or a timeout); the failure count and back-off are the pool's own history
 * and stay.
 */
export function* upsertPool(pool: PoolSpec, now: string): Transition<void> {
  yield* execute(UPSERT, [pool.key, JSON.stringify(pool.scope), pool.runnerGroupId, JSON.stringify(pool.labels), pool.provider, pool.flavor, pool.image, pool.timeoutSeconds, now]);
}
