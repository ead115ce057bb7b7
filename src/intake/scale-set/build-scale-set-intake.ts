import type { Logger } from "pino";
import type { Clock } from "../../clock/clock.js";
import type { OffloadConfig } from "../../config/config.js";
import { createScaleSetClient } from "../../github/actions-service/create-scale-set-client.js";
import type { GitHubClient } from "../../github/create-github-client.js";
import { createUndiciFetch } from "../../http/create-undici-fetch.js";
import type { Ledger } from "../../ledger/ledger.js";
import { startScaleSetIntake, type ScaleSetIntake } from "./start-scale-set-intake.js";

/** The composition root's part for scale sets: null when offload.yaml names none. */
export function buildScaleSetIntake(deps: { config: OffloadConfig; ledger: Ledger; github: GitHubClient; clock: Clock; log: Logger; wake: () => void }): ScaleSetIntake | null {
  const { config } = deps;
  if (config.scaleSets.length === 0) return null;
  const port = createScaleSetClient({ apiUrl: config.github.apiUrl, webUrl: config.github.webUrl, fetch: createUndiciFetch(), clock: deps.clock, installationOctokit: deps.github.installationOctokit });
  return startScaleSetIntake({ config, ledger: deps.ledger, github: deps.github, port, clock: deps.clock, log: deps.log, wake: deps.wake });
}

/**
 * One `/readyz` check per scale set: ready only while its session is open. A lost session (the
 * network is down) or a conflict (another listener holds it) is a health problem; the listener
 * recovers by itself with backoff, and nothing is lost meanwhile (unacknowledged messages wait).
 */
export function scaleSetReadiness(intake: ScaleSetIntake | null): Record<string, { ok: boolean; detail: string }> {
  const checks: Record<string, { ok: boolean; detail: string }> = {};
  for (const status of intake?.statuses() ?? []) {
    checks[`scale set ${status.name}`] = { ok: status.state === "connected", detail: `${status.state} since ${status.since}: ${status.detail}` };
  }
  return checks;
}
