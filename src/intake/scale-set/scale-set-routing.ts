import type { OffloadConfig } from "../../config/config.js";
import type { ScaleSetConfig } from "../../config/scale-set-config.js";
import { formatScope, type RunnerScope } from "../../policy/runner-scope.js";
import type { JobFact } from "../job-fact.js";
import type { Routing } from "../../policy/routing.js";
import { decideRouting } from "../../policy/decide-routing.js";
import { normaliseLabels } from "../../policy/route-job.js";

/** Where a scale set's runners register, from its offload.yaml entry. */
export function scaleSetScope(set: ScaleSetConfig): RunnerScope {
  return set.scope === "repo"
    ? { kind: "repo", installationId: set.installationId, owner: set.owner, repo: set.repo ?? "" }
    : { kind: "org", installationId: set.installationId, owner: set.owner };
}

/** `<scope>|<name>`: how the ledger names a scale set (its messages, its session). */
export function scaleSetKey(set: ScaleSetConfig): string {
  return `${formatScope(scaleSetScope(set))}|${set.name.toLowerCase()}`;
}

/** What the Actions service registers: the set's labels, or its name alone (as actions/scaleset's ensureLabels does, client.go l.392-403). */
export function registrationSpec(set: ScaleSetConfig): { name: string; labels: string[]; runnerGroup: string } {
  return { name: set.name, labels: set.labels.length > 0 ? [...set.labels] : [set.name], runnerGroup: set.runnerGroup };
}

/** The labels a job may ask for to reach the scale set: its name and its labels, normalised. */
export function scaleSetLabels(set: ScaleSetConfig): string[] {
  return normaliseLabels([set.name, ...set.labels]);
}

/** The scale set that serves a job: its repository is in the set's scope and the set has all its labels. */
export function findServingScaleSet(fact: Pick<JobFact, "repo" | "labels">, sets: readonly ScaleSetConfig[]): ScaleSetConfig | undefined {
  const wanted = normaliseLabels(fact.labels);
  if (wanted.length === 0) return undefined;
  const repo = fact.repo.toLowerCase();
  return sets.find((set) => {
    const inScope = set.scope === "repo" ? repo === `${set.owner}/${set.repo ?? ""}`.toLowerCase() : repo.startsWith(`${set.owner.toLowerCase()}/`);
    const held = new Set(scaleSetLabels(set));
    return inScope && wanted.every((label) => held.has(label));
  });
}

/**
 * The pool a scale set's jobs are demand in. Flavor, image and admission come from the same
 * `routeJob` webhooks use, applied to the scale set's own labels (the job may name only the
 * set); the scope is the set's and the key names the set, so its runners get their JIT config
 * through it. Pure: the same answer for the webhook of a job and for its scale-set message.
 */
export function routeScaleSetJob(fact: JobFact, set: ScaleSetConfig, config: OffloadConfig): Routing {
  const labels = scaleSetLabels(set);
  const routing = decideRouting({ ...fact, labels }, config);
  if (routing.kind !== "pool") return routing;
  const scope = scaleSetScope(set);
  return {
    kind: "pool",
    pool: { ...routing.pool, key: `${formatScope(scope)}|set:${set.name.toLowerCase()}|${labels.join(",")}`, scope, labels },
  };
}

/** Webhooks, the poller and the refresh route a job a scale set serves to that set's pool. */
export function routeAnyJob(fact: JobFact, config: OffloadConfig): Routing {
  const set = config.scaleSets.length === 0 ? undefined : findServingScaleSet(fact, config.scaleSets);
  return set === undefined ? decideRouting(fact, config) : routeScaleSetJob(fact, set, config);
}
