import pino, { type Logger } from "pino";
import { systemClock } from "../../src/clock/clock.js";
import type { OffloadConfig } from "../../src/config/config.js";
import { Secret } from "../../src/config/secret.js";
import { EventBus } from "../../src/events/event-bus.js";
import { createGitHubClient, type GitHubClient } from "../../src/github/create-github-client.js";
import type { MissedWorkDeps } from "../../src/intake/missed-work-deps.js";
import { createRateBudget } from "../../src/intake/rate-budget.js";
import type { Ledger } from "../../src/ledger/ledger.js";
import type { GitHubSim } from "../../src/sim/github/start-github-sim.js";

/** A real GitHub client aimed at the simulator, retrying without waiting. */
export function createSimGitHubClient(sim: GitHubSim): GitHubClient {
  return createGitHubClient({ apiUrl: sim.url, appId: String(sim.app.id), privateKey: new Secret(sim.app.privateKeyPem), retryBaseDelayMs: 1 });
}

/** The poller's, refresh's and redelivery's dependencies over real parts; `wake` counts calls unless given. */
export function createMissedWorkDeps(input: {
  github: GitHubClient;
  ledger: Ledger;
  config: OffloadConfig;
  log?: Logger;
  bus?: EventBus;
  wake?: () => void;
  reserve?: number;
}): MissedWorkDeps & { wakes: () => number } {
  let wakes = 0;
  return {
    github: input.github,
    ledger: input.ledger,
    config: input.config,
    clock: systemClock,
    log: input.log ?? pino({ level: "silent" }),
    bus: input.bus ?? new EventBus(),
    wake: () => {
      wakes += 1;
      input.wake?.();
    },
    budget: createRateBudget({ reserve: input.reserve ?? 1000, read: () => input.github.rateLimit() }),
    wakes: () => wakes,
  };
}

/** Polls an async `check` until it holds, failing after `timeoutMs`. */
export async function waitForAsync(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
