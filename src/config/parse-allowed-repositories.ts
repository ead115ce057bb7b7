/** GitHub owners are letters, digits and `-`; repository names add `.` and `_` (but are never `.` or `..`). */
const REPOSITORY = /^[a-z0-9-]+\/(?!\.\.?$)[a-z0-9._-]+$/;

/**
 * ALLOWED_GITHUB_REPOSITORIES: comma-separated `owner/name`, trimmed and lower-cased; empty entries
 * (a trailing comma) are skipped. Invalid entries are returned apart and never allowed, so a typo
 * narrows the allowlist instead of widening it.
 */
export function parseAllowedRepositories(text: string): { repositories: Set<string>; invalid: string[] } {
  const entries = text.split(",").map((entry) => entry.trim().toLowerCase()).filter((entry) => entry !== "");
  if (entries.length === 0) return { repositories: new Set(), invalid: [text.trim()] };
  return {
    repositories: new Set(entries.filter((entry) => REPOSITORY.test(entry))),
    invalid: entries.filter((entry) => !REPOSITORY.test(entry)),
  };
}
