import type { OffloadConfig } from "../config/config.js";
import { findFlavor, isGpuFlavor } from "../config/flavors.js";
import type { LabelRule } from "../config/label-rule.js";
import { chooseRunnerScope } from "../github/choose-runner-scope.js";
import { formatScope } from "./runner-scope.js";
import type { JobFact } from "../intake/job-fact.js";
import type { PoolSpec, Routing } from "./routing.js";
import { matchLabelRule } from "./match-label-rule.js";

/** A runner group's id by organisation and group name, as resolved through GitHub; null while unknown. */
export type RunnerGroupLookup = (organisation: string, name: string) => number | null;

/** The job's labels as the runner is registered with them: lower-case, unique, sorted. */
function normalise(labels: readonly string[]): string[] {
  return [...new Set(labels.map((label) => label.toLowerCase()))].sort();
}

/**
 * The routing of a job whose labels match a label rule (null when none does): a pool on the
 * rule's backend, whose flavor is the rule's name (the backend's catalogue holds the rule's CPUs,
 * memory, GPUs and hosts) or, for HF Jobs, the rule's HF flavor.
 */
export function routeByRule(fact: JobFact, config: OffloadConfig, groups: RunnerGroupLookup = () => null): Routing | null {
  const rule = matchLabelRule(fact.labels, config.rules ?? []);
  if (rule === null) return null;
  if (config.allowedRepositories !== null && !config.allowedRepositories.has(fact.repo.toLowerCase())) {
    return { kind: "refused", code: "OFFLOAD_REPO_NOT_ALLOWED", reason: `repository ${fact.repo} is not in ALLOWED_GITHUB_REPOSITORIES` };
  }
  const pool = poolForRule(fact, config, rule, groups);
  return "refused" in pool ? { kind: "refused", code: pool.code, reason: pool.refused } : { kind: "pool", pool };
}

/** The pools a rule's fallbacks would serve the job with, in order; for the launch planner, when the rule's backend cannot. */
export function routeFallbacks(fact: JobFact, config: OffloadConfig, rule: LabelRule, groups: RunnerGroupLookup = () => null): PoolSpec[] {
  const rules = config.rules ?? [];
  return rule.fallbacks
    .map((name) => rules.find((candidate) => candidate.name === name))
    .filter((candidate) => candidate !== undefined)
    .map((candidate) => poolForRule(fact, config, candidate, groups))
    .filter((pool): pool is PoolSpec => !("refused" in pool));
}

type Refusal = { refused: string; code: "OFFLOAD_RUNNER_GROUP_UNKNOWN" | "OFFLOAD_LABEL_UNKNOWN_FLAVOR" };

function poolForRule(fact: JobFact, config: OffloadConfig, rule: LabelRule, groups: RunnerGroupLookup): PoolSpec | Refusal {
  const preferred = rule.scope ?? (rule.runnerGroup === null ? config.github.runnerScope : "org");
  const scope = chooseRunnerScope({ installationId: fact.installationId, repo: fact.repo, ownerType: fact.ownerType, preferred });
  const group = resolveGroup(rule, scope.kind === "org" ? scope.owner : null, groups, config.github.runnerGroupId);
  if (typeof group !== "number") return group;
  const flavor = rule.backend === "hf-jobs" ? findFlavor(rule.flavor ?? "") : undefined;
  if (rule.backend === "hf-jobs" && flavor === undefined) {
    return { code: "OFFLOAD_LABEL_UNKNOWN_FLAVOR", refused: `rule '${rule.name}' sends jobs to hf-jobs with flavor '${rule.flavor ?? ""}', which is not a Hugging Face Jobs flavor` };
  }
  const gpu = flavor === undefined ? rule.gpus > 0 : isGpuFlavor(flavor);
  const labels = normalise(fact.labels);
  return {
    key: `${formatScope(scope)}|g${group}|${labels.join(",")}`,
    scope,
    runnerGroupId: group,
    labels,
    provider: rule.backend,
    flavor: flavor?.name ?? rule.name,
    image: rule.image ?? config.runnerImages.get(gpu ? "GPU" : "CPU") ?? "",
    timeoutSeconds: rule.timeoutSeconds ?? config.jobTimeoutSeconds,
  };
}

function resolveGroup(rule: LabelRule, organisation: string | null, groups: RunnerGroupLookup, fallback: number): number | Refusal {
  if (rule.runnerGroup === null) return fallback;
  if (typeof rule.runnerGroup === "number") return rule.runnerGroup;
  if (organisation === null) {
    return { code: "OFFLOAD_RUNNER_GROUP_UNKNOWN", refused: `rule '${rule.name}' names runner group '${rule.runnerGroup}', but runner groups exist only for organisations and this repository belongs to a user` };
  }
  return groups(organisation, rule.runnerGroup) ?? {
    code: "OFFLOAD_RUNNER_GROUP_UNKNOWN",
    refused: `rule '${rule.name}' names runner group '${rule.runnerGroup}', which organisation ${organisation} does not have (or the App cannot see it)`,
  };
}
