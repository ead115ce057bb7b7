import type { Logger } from "pino";
import type { Clock } from "../../clock/clock.js";
import type { OffloadConfig } from "../../config/config.js";
import type { ScaleSetConfig } from "../../config/scale-set-config.js";
import type { GitHubPort } from "../../github/github-port.js";
import type { RegisteredScaleSet, ScaleSetPort } from "../../github/actions-service/scale-set-port.js";
import type { Ledger } from "../../ledger/ledger.js";
import { createScaleSetListener, type ScaleSetListener, type ScaleSetStatus } from "./scale-set-listener.js";
import { registryKey, routeJitThroughScaleSets, type ScaleSetRegistry } from "./route-jit-through-scale-sets.js";
import { registrationSpec, routeScaleSetJob, scaleSetLabels, scaleSetScope } from "./scale-set-routing.js";

export interface ScaleSetIntake {
  /** The GitHub port to launch through: scale-set pools' runners get their JIT config from their set. */
  readonly github: GitHubPort;
  start(): void;
  /** Ends every poll and deletes every session (a clean stop). */
  stop(): Promise<void>;
  statuses(): ScaleSetStatus[];
}

export interface ScaleSetIntakeOptions {
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  readonly conflictRetryMs?: number;
}

/** The scale-set intake for every `scaleSets:` entry: one listener each, and the JIT routing for their pools. */
export function startScaleSetIntake(deps: {
  config: OffloadConfig;
  ledger: Ledger;
  github: GitHubPort;
  port: ScaleSetPort;
  clock: Clock;
  log: Logger;
  wake: () => void;
  options?: ScaleSetIntakeOptions;
}): ScaleSetIntake {
  const { config } = deps;
  const registry: ScaleSetRegistry = new Map();
  const byKey = new Map(config.scaleSets.map((set) => [registryKey(scaleSetScope(set), scaleSetLabels(set)), set]));
  const remember = (entry: ScaleSetConfig, registered: RegisteredScaleSet): void => {
    registry.set(registryKey(scaleSetScope(entry), scaleSetLabels(entry)), { scope: scaleSetScope(entry), scaleSetId: registered.id, name: registered.name });
  };
  /** False when `key` is no scale set's pool; registering is get-or-create, so racing the listener is harmless. */
  const register = async (key: string): Promise<boolean> => {
    const set = byKey.get(key);
    if (set === undefined) return false;
    remember(set, await deps.port.ensureScaleSet(scaleSetScope(set), registrationSpec(set)));
    return true;
  };
  const log = deps.log.child({ component: "scale-set" });
  const listeners: ScaleSetListener[] = config.scaleSets.map((set) =>
    createScaleSetListener({ ledger: deps.ledger, port: deps.port, config, clock: deps.clock, log, wake: deps.wake }, set, poolKeyOf(set, config), {
      owner: config.dispatcherId,
      retryBaseMs: deps.options?.retryBaseMs ?? 1000,
      retryMaxMs: deps.options?.retryMaxMs ?? 60_000,
      conflictRetryMs: deps.options?.conflictRetryMs ?? 30_000,
      onRegistered: remember,
    }),
  );
  return {
    github: routeJitThroughScaleSets(deps.github, deps.port, registry, register),
    start: () => listeners.forEach((listener) => listener.start()),
    stop: async () => {
      await Promise.all(listeners.map((listener) => listener.stop()));
    },
    statuses: () => listeners.map((listener) => listener.status()),
  };
}

/** The pool a scale set's jobs are demand in, or null when its labels are refused (the reason shows on each job). */
function poolKeyOf(set: ScaleSetConfig, config: OffloadConfig): string | null {
  const repo = set.scope === "repo" ? `${set.owner}/${set.repo ?? ""}` : `${set.owner}/any`;
  const routing = routeScaleSetJob(
    { jobId: 0, runId: 0, runAttempt: 1, repo, ownerType: set.scope === "org" ? "Organization" : "User", installationId: set.installationId, status: "queued", conclusion: null, labels: [set.name], name: "", workflowName: null, headBranch: null, htmlUrl: null, runnerName: null, runnerId: null, createdAt: "" },
    set,
    { ...config, allowedRepositories: null },
  );
  return routing.kind === "pool" ? routing.pool.key : null;
}
