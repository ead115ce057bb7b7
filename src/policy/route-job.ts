import type { OffloadConfig } from "../config/config.js";
import { findNearestFlavors } from "../config/find-nearest-flavors.js";
import { findFlavor, isGpuFlavor, NOT_JOBS_FLAVORS, type Flavor } from "../config/flavors.js";
import { parseOffloadLabel, type OffloadLabel } from "../config/parse-offload-label.js";
import type { ErrorCode } from "../errors/catalog.js";
import { chooseRunnerScope } from "../github/choose-runner-scope.js";
import { formatScope } from "./runner-scope.js";
import type { JobFact } from "../intake/job-fact.js";
import type { Routing } from "./routing.js";

function refuse(code: ErrorCode, reason: string): Routing {
  return { kind: "refused", code, reason };
}

function describeLabels(labels: readonly string[]): string {
  return labels.length === 0 ? "no labels" : labels.join(", ");
}

/** The job's labels as the runner is registered with them: lower-case, unique, sorted. */
export function normaliseLabels(labels: readonly string[]): string[] {
  return [...new Set(labels.map((label) => label.toLowerCase()))].sort();
}

function explainUnknownFlavor(parsed: OffloadLabel): string {
  const why = NOT_JOBS_FLAVORS.get(parsed.flavor) ?? "is not a Hugging Face Jobs flavor";
  const nearest = findNearestFlavors(parsed.flavor).map((name) => `hf-jobs-${name}`);
  return `label '${parsed.label}' asks for flavor '${parsed.flavor}', which ${why}; nearest known: ${nearest.join(", ")}`;
}

function chooseImage(parsed: OffloadLabel, flavor: Flavor, config: OffloadConfig): { image: string } | { refusal: Routing } {
  const key = parsed.imageKey ?? (isGpuFlavor(flavor) ? "GPU" : "CPU");
  const image = config.runnerImages.get(key);
  if (image !== undefined) return { image };
  const known = [...config.runnerImages.keys()].sort().join(", ");
  return {
    refusal: refuse(
      "OFFLOAD_LABEL_UNKNOWN_IMAGE",
      `label '${parsed.label}' asks for image key '${key}', but RUNNER_IMAGE_${key} is not set (configured keys: ${known})`,
    ),
  };
}

/**
 * Intake's verdict on one job, a pure function of the fact and the configuration: not ours
 * (no `hf-jobs-` label), refused with a reason a person can act on, or served by a pool whose
 * runners carry exactly the job's labels (so `runs-on: [self-hosted, linux, hf-jobs-x]` matches).
 */
export function routeJob(fact: JobFact, config: OffloadConfig): Routing {
  const offloadLabels = fact.labels.map(parseOffloadLabel).filter((parsed) => parsed !== null);
  if (offloadLabels.length === 0) {
    return { kind: "ignored", reason: `no offload label (runs-on: ${describeLabels(fact.labels)})` };
  }
  if (config.allowedRepositories !== null && !config.allowedRepositories.has(fact.repo.toLowerCase())) {
    return refuse("OFFLOAD_REPO_NOT_ALLOWED", `repository ${fact.repo} is not in ALLOWED_GITHUB_REPOSITORIES`);
  }
  const distinct = normaliseLabels(offloadLabels.map((parsed) => parsed.label));
  if (distinct.length > 1) {
    return refuse(
      "OFFLOAD_LABEL_AMBIGUOUS",
      `runs-on names ${distinct.length} offload labels (${distinct.join(", ")}); keep exactly one hf-jobs-<flavor> label`,
    );
  }
  const parsed = offloadLabels[0] as OffloadLabel;
  const flavor = findFlavor(parsed.flavor);
  if (flavor === undefined) return refuse("OFFLOAD_LABEL_UNKNOWN_FLAVOR", explainUnknownFlavor(parsed));
  const chosen = chooseImage(parsed, flavor, config);
  if ("refusal" in chosen) return chosen.refusal;

  const scope = chooseRunnerScope({
    installationId: fact.installationId,
    repo: fact.repo,
    ownerType: fact.ownerType,
    preferred: config.github.runnerScope,
  });
  const labels = normaliseLabels(fact.labels);
  const runnerGroupId = config.github.runnerGroupId;
  return {
    kind: "pool",
    pool: {
      key: `${formatScope(scope)}|g${runnerGroupId}|${labels.join(",")}`,
      scope,
      runnerGroupId,
      labels,
      provider: config.provider,
      flavor: flavor.name,
      image: chosen.image,
      timeoutSeconds: config.jobTimeoutSeconds,
    },
  };
}
