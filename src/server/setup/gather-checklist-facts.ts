import type { OffloadConfig } from "../../config/config.js";
import type { Secret } from "../../config/secret.js";
import type { ChecklistFacts } from "./build-checklist.js";
import type { AppInspection, SetupProbes } from "../../probes/setup-probes.js";
import { buildInstallUrl } from "../../github/manifest-target.js";

/** An App this process created through the wizard, not yet in its config. */
export interface StoredApp {
  readonly appId: string;
  readonly slug: string;
  readonly name: string;
  readonly htmlUrl: string;
  readonly privateKey: Secret;
  readonly path: string;
}

async function inspect(probes: SetupProbes, apiUrl: string, appId: string | null, privateKey: Secret | null): Promise<{ inspection: AppInspection | null; error: string | null }> {
  if (appId === null || privateKey === null) return { inspection: null, error: null };
  try {
    return { inspection: await probes.inspectGitHubApp({ apiUrl, appId, privateKey, timeoutMs: 5000 }), error: null };
  } catch (error) {
    return { inspection: null, error: `GitHub refused or did not answer: ${(error as Error).message}` };
  }
}

/** Runs the checks the checklist shows, in parallel; each failure becomes a fact, never an exception. */
export async function gatherChecklistFacts(probes: SetupProbes, config: OffloadConfig, stored: StoredApp | null, publicUrl: string): Promise<ChecklistFacts> {
  const appId = config.github.appId ?? stored?.appId ?? null;
  const privateKey = config.github.privateKey ?? stored?.privateKey ?? null;
  const [github, webhook, hf] = await Promise.all([
    inspect(probes, config.github.apiUrl, appId, privateKey),
    probes.checkUrlReachable(publicUrl),
    config.provider === "hf-jobs" ? probes.checkHfToken({ endpoint: config.hf.endpoint, token: config.hf.token, namespace: config.hf.namespace }) : Promise.resolve(null),
  ]);
  const slug = github.inspection?.slug || stored?.slug || null;
  return {
    app: appId === null ? null : { id: appId, slug, source: config.github.appId === null ? "setup" : "environment" },
    webhookUrl: `${publicUrl}/webhook`,
    webhook,
    installations: github.inspection?.installations ?? null,
    installationsError: github.error,
    installUrl: slug === null ? null : buildInstallUrl(config.github.webUrl, slug),
    hf,
    namespace: config.hf.namespace,
    missing: config.missing,
    restartPending: stored !== null,
  };
}
