/**
 * Where a runner is registered: a repository (App permission `administration: write`) or an
 * organisation (`organization_self_hosted_runners: write`). `installationId` is the App
 * installation whose token acts there.
 */
export type RunnerScope =
  | { readonly kind: "repo"; readonly installationId: number; readonly owner: string; readonly repo: string }
  | { readonly kind: "org"; readonly installationId: number; readonly owner: string };

/** A stable text form, used in pool keys and logs: `repo:owner/name` or `org:owner` (lower-case). */
export function formatScope(scope: RunnerScope): string {
  return scope.kind === "repo"
    ? `repo:${scope.owner}/${scope.repo}`.toLowerCase()
    : `org:${scope.owner}`.toLowerCase();
}
