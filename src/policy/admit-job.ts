import type { ErrorCode } from "../errors/catalog.js";
import type { JobFact } from "../intake/job-fact.js";
import type { PoolSpec, Routing } from "./routing.js";
import { matchesAny } from "./match-glob.js";
import type { AdmissionPolicy, FlavorRule } from "./policy.js";

/** What admission needs to know about the hardware a pool asks for. */
export interface HardwareFacts {
  /** GPUs one runner of the pool gets (0 for CPU flavors). */
  readonly gpus: number;
}

function refuse(code: ErrorCode, reason: string): Routing {
  return { kind: "refused", code, reason };
}

/** The repository verdict: deny lists first, then allow lists, then the default. */
function repositoryRefusal(repo: string, policy: AdmissionPolicy): Routing | null {
  const owner = repo.split("/")[0] ?? repo;
  const { allow, deny } = policy.repositories;
  if (matchesAny(deny, repo) || matchesAny(deny, owner)) {
    return refuse("OFFLOAD_POLICY_REPO_DENIED", `repository ${repo} is denied by policy.repositories.deny in offload.yaml; remove the entry that matches it to let it run here`);
  }
  if (matchesAny(allow, repo) || matchesAny(allow, owner)) return null;
  if (policy.repositories.default === "deny" || allow.length > 0) {
    return refuse("OFFLOAD_POLICY_REPO_DENIED", `repository ${repo} is not in policy.repositories.allow in offload.yaml (default: deny); add '${repo}' or '${owner}/*' there to let it run here`);
  }
  return null;
}

function flavorRefusal(repo: string, pool: PoolSpec, hardware: HardwareFacts, rule: FlavorRule): Routing | null {
  const label = pool.labels.find((l) => l.includes(pool.flavor)) ?? pool.flavor;
  if (matchesAny(rule.deny, pool.flavor) || (rule.allow.length > 0 && !matchesAny(rule.allow, pool.flavor))) {
    const allowed = rule.allow.length > 0 ? `; allowed for it: ${rule.allow.join(", ")}` : "";
    return refuse("OFFLOAD_POLICY_FLAVOR_DENIED", `flavor ${pool.flavor} (label ${label}) is not allowed for ${repo} by policy.flavors in offload.yaml${allowed}; pick an allowed label or ask an admin to allow it`);
  }
  if (rule.maxGpus !== null && hardware.gpus > rule.maxGpus) {
    const what = rule.maxGpus === 0 ? "no GPUs" : `at most ${rule.maxGpus} GPU${rule.maxGpus === 1 ? "" : "s"}`;
    return refuse("OFFLOAD_POLICY_TOO_MANY_GPUS", `label ${label} asks for ${hardware.gpus} GPU${hardware.gpus === 1 ? "" : "s"}, but ${repo} may use ${what} (policy.flavors maxGpus in offload.yaml); pick a smaller flavor or ask an admin to raise the limit`);
  }
  return null;
}

/**
 * Admission, a pure function applied to routing's verdict: a job offload would serve is refused
 * when policy says the repository or the hardware is not for it, and its pool's timeout is cut
 * to the policy's per-label limit. Jobs that are not ours, or already refused, pass unchanged.
 */
export function admitJob(fact: Pick<JobFact, "repo">, routing: Routing, policy: AdmissionPolicy, hardware: HardwareFacts): Routing {
  if (routing.kind !== "pool") return routing;
  const refusal = repositoryRefusal(fact.repo, policy);
  if (refusal !== null) return refusal;
  const rule = policy.flavorRules.find((r) => matchesAny(r.repositories, fact.repo));
  const flavorVerdict = rule === undefined ? null : flavorRefusal(fact.repo, routing.pool, hardware, rule);
  if (flavorVerdict !== null) return flavorVerdict;
  const limits = policy.timeouts.filter((t) => routing.pool.labels.some((label) => matchesAny([t.label], label))).map((t) => t.seconds);
  if (limits.length === 0) return routing;
  const timeoutSeconds = Math.min(routing.pool.timeoutSeconds, ...limits);
  return timeoutSeconds === routing.pool.timeoutSeconds ? routing : { kind: "pool", pool: { ...routing.pool, timeoutSeconds } };
}
