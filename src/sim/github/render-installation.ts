import type { SimApp } from "./app-identity.js";
import { renderAccount } from "./render-account.js";
import type { SimInstallation } from "./sim-state.js";

/** GitHub's `installation` object. */
export function renderInstallation(installation: SimInstallation, app: SimApp, api: string): Record<string, unknown> {
  const { account } = installation;
  const settings =
    account.type === "Organization"
      ? `https://github.com/organizations/${account.login}/settings/installations/${installation.id}`
      : `https://github.com/settings/installations/${installation.id}`;
  return {
    id: installation.id,
    client_id: app.clientId,
    account: renderAccount(account, api),
    repository_selection: "selected",
    access_tokens_url: `${api}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${api}/installation/repositories`,
    html_url: settings,
    app_id: app.id,
    app_slug: app.slug,
    target_id: account.id,
    target_type: account.type,
    permissions: { ...installation.permissions },
    events: [...app.events],
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}
