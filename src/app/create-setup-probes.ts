import { convertManifestCode } from "../github/app-manifest.js";
import { inspectGitHubApp } from "../github/inspect-github-app.js";
import { checkHfToken } from "../probes/check-hf-token.js";
import { checkUrlReachable } from "../probes/check-url-reachable.js";
import type { SetupProbes } from "../probes/setup-probes.js";

/** The real probes: GitHub through its client, the Hub and the public URL over HTTP. */
export function createSetupProbes(): SetupProbes {
  return {
    inspectGitHubApp,
    convertManifestCode,
    checkHfToken: (input) => checkHfToken(input),
    checkUrlReachable: (base) => checkUrlReachable(base),
  };
}
