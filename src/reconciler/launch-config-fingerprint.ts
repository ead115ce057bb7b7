import { createHash } from "node:crypto";
import type { OffloadConfig } from "../config/config.js";

/**
 * A fingerprint of the configuration launches depend on (tokens, endpoints, images, the App):
 * SHA-256 over the values in a fixed order, so it is stored, never the secrets. A restart whose
 * fingerprint differs from the stored one clears stuck pools (`Ledger.noteLaunchConfig`).
 */
export function launchConfigFingerprint(values: Readonly<Record<string, string | number | null | readonly string[]>>): string {
  const hash = createHash("sha256");
  for (const name of Object.keys(values).sort()) hash.update(`${name}\u0000${JSON.stringify(values[name] ?? null)}\u0000`);
  return `sha256:${hash.digest("hex")}`;
}

/** The fingerprint of what launches depend on in this configuration (secrets only hashed). */
export function fingerprintLaunchConfig(config: OffloadConfig): string {
  return launchConfigFingerprint({
    provider: config.provider,
    hfEndpoint: config.hf.endpoint,
    hfToken: config.hf.token?.reveal() ?? null,
    hfNamespace: config.hf.namespace,
    githubApiUrl: config.github.apiUrl,
    githubAppId: config.github.appId,
    githubPrivateKey: config.github.privateKey?.reveal() ?? null,
    runnerScope: config.github.runnerScope,
    runnerGroupId: config.github.runnerGroupId,
    runnerImages: [...config.runnerImages].map(([key, image]) => `${key}=${image}`).sort(),
    jobTimeoutSeconds: config.jobTimeoutSeconds,
    localRunnerCommand: config.local.runnerCommand,
  });
}
