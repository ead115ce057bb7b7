/** A GitHub account: whose settings pages live under `/settings` (a user) or `/organizations/<login>/settings`. */
export interface AccountRef {
  readonly login: string;
  readonly type: string;
}

function settingsBase(webUrl: string, account: AccountRef): string {
  const base = webUrl.replace(/\/+$/, "");
  return account.type === "Organization" ? `${base}/organizations/${encodeURIComponent(account.login)}/settings` : `${base}/settings`;
}

/** Where the App's owner changes what the App asks for: its "Permissions & events" page. */
export function appPermissionsUrl(webUrl: string, owner: AccountRef, slug: string): string {
  return `${settingsBase(webUrl, owner)}/apps/${encodeURIComponent(slug)}/permissions`;
}

/** Where an installation's owner accepts new permissions (the installation's "Configure" page). */
export function installationSettingsUrl(webUrl: string, account: AccountRef, installationId: number): string {
  return `${settingsBase(webUrl, account)}/installations/${installationId}`;
}
