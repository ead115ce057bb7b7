/**
 * The GitHub *web* address (where people create and install Apps) for an API root:
 * `https://api.github.com` → `https://github.com`; GitHub Enterprise Server's
 * `https://host/api/v3` → `https://host`; anything else (a simulator) → its origin, which
 * `GITHUB_WEB_URL` overrides when that guess is wrong.
 */
export function deriveGitHubWebUrl(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.hostname === "api.github.com") return "https://github.com";
  const path = url.pathname.replace(/\/+$/, "");
  if (path.endsWith("/api/v3")) return `${url.origin}${path.slice(0, -"/api/v3".length)}`;
  return url.origin;
}
