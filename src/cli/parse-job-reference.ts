import { CliFailure } from "./dispatcher-api.js";

/**
 * A job as a person names it: the id `offload jobs` lists, or the job's page on GitHub
 * (`https://github.com/<owner>/<repo>/actions/runs/<run>/job/<job>`, also on GitHub Enterprise
 * Server hosts and with a `?pr=` or `#step` tail), which is what one copies from a browser.
 */
export function parseJobReference(text: string, command: string): string {
  const trimmed = text.trim();
  if (/^\d{1,16}$/.test(trimmed)) return trimmed;
  const fromUrl = /^https?:\/\/[^/]+\/[^/]+\/[^/]+\/actions\/runs\/\d+\/jobs?\/(\d{1,16})(?:[/?#].*)?$/.exec(trimmed)?.[1];
  if (fromUrl !== undefined) return fromUrl;
  throw new CliFailure(
    `job '${trimmed.slice(0, 80)}' in offload ${command}: expected a numeric job id or a GitHub job URL (https://github.com/<owner>/<repo>/actions/runs/<run>/job/<job>)`,
    "Use an id from `offload jobs`, or copy the job's URL from GitHub's Actions page.",
  );
}
