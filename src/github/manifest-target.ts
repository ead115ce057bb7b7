/**
 * Where the browser posts the App manifest: a personal account's
 * `<web>/settings/apps/new?state=…`, or an organisation's
 * `<web>/organizations/<org>/settings/apps/new?state=…` (github-protocol.md §7).
 */
export function buildManifestTarget(webUrl: string, organisation: string | null, state: string): string {
  const base = webUrl.replace(/\/+$/, "");
  const path = organisation === null ? "/settings/apps/new" : `/organizations/${encodeURIComponent(organisation)}/settings/apps/new`;
  return `${base}${path}?state=${encodeURIComponent(state)}`;
}

/** GitHub login rules: letters, digits and single hyphens, at most 39 characters. */
const LOGIN_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

/** A GitHub account or organisation name as typed (an `@` or a URL's path is forgiven), or null. */
export function parseAccountName(text: string): string | null {
  const trimmed = text.trim().replace(/^@/, "").replace(/^https?:\/\/[^/]+\//, "").replace(/\/+$/, "");
  return LOGIN_PATTERN.test(trimmed) ? trimmed : null;
}

/**
 * A GitHub App name: GitHub allows at most 34 characters; the default names the account so two
 * dispatchers in one organisation stay apart.
 */
export function defaultAppName(account: string | null): string {
  return (account === null ? "offload-runners" : `offload-${account.toLowerCase()}`).slice(0, 34);
}

/** The install page of an App: `<web>/apps/<slug>/installations/new`. */
export function buildInstallUrl(webUrl: string, slug: string): string {
  return `${webUrl.replace(/\/+$/, "")}/apps/${encodeURIComponent(slug)}/installations/new`;
}
