import type { RunFacts } from "./run-records.js";
import { execute, type Transition } from "./transition.js";

const COLUMNS = ["private", "head_sha", "event", "head_repo", "head_branch", "pull_request"] as const;
// A fact that does not know a field leaves what another fact said.
const UPSERT =
  `insert into runs (run_id, repo, installation_id, ${COLUMNS.join(", ")}, approved_by, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?) ` +
  `on conflict (run_id) do update set ${COLUMNS.map((c) => `${c} = coalesce(excluded.${c}, runs.${c})`).join(", ")}, updated_at = excluded.updated_at`;

/** Merges what one webhook or look-up told about a workflow run. */
export function* recordRunFacts(facts: RunFacts, now: string): Transition<void> {
  const privateFlag = facts.private === undefined || facts.private === null ? null : facts.private ? 1 : 0;
  yield* execute(UPSERT, [facts.runId, facts.repo, facts.installationId, privateFlag, facts.headSha ?? null, facts.event ?? null, facts.headRepo ?? null, facts.headBranch ?? null, facts.pullRequest ?? null, now]);
}
