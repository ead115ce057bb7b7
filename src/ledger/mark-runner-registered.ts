import type { Selectable, Updateable } from "kysely";
import type { DialectProfile } from "./dialect.js";
import type { RunnersTable } from "./ledger-database.js";
import type { Transition } from "./transition.js";
import { requireRunner } from "./find-runner.js";
import { updateRunner } from "./update-runner.js";

/**
 * GitHub created the runner's JIT registration. Only a `planned` runner moves; a runner that got
 * further, or ended meanwhile, still records the id once, since deleting the registration needs it.
 */
export function registeredPatch(runner: Selectable<RunnersTable>, githubRunnerId: number, now: string): Updateable<RunnersTable> | null {
  if (runner.state === "planned") return { state: "registered", github_runner_id: githubRunnerId, reason: "registered on GitHub", updated_at: now };
  if (runner.github_runner_id === null) return { github_runner_id: githubRunnerId, updated_at: now };
  return null;
}

export function* markRunnerRegistered(dialect: DialectProfile, name: string, githubRunnerId: number, now: string): Transition<void> {
  const runner = yield* requireRunner(dialect, name);
  yield* updateRunner(runner.name, registeredPatch(runner, githubRunnerId, now));
}
