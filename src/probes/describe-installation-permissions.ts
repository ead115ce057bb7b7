/** Whether an installation can register runners and read jobs (github-protocol.md §3.4). */
export function describeInstallationPermissions(permissions: Readonly<Record<string, string>>): { ok: boolean; missing: string[]; canCancel: boolean } {
  const runners = permissions["administration"] === "write" || permissions["organization_self_hosted_runners"] === "write";
  const actions = permissions["actions"] === "read" || permissions["actions"] === "write";
  const missing = [...(runners ? [] : ["administration: write (or organization_self_hosted_runners: write)"]), ...(actions ? [] : ["actions: read"])];
  return { ok: missing.length === 0, missing, canCancel: permissions["actions"] === "write" };
}
