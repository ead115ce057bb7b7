import type { z } from "zod";
import { OPEN_POLICY, type AdmissionPolicy, type Budget, type ForkAction } from "../policy/policy.js";
import type { ConfigProblem } from "./config.js";
import { parseDuration } from "./parse-duration.js";
import type { BudgetsSchema, PolicySchema } from "./policy-schema.js";
import type { SettingsReader } from "./settings-reader.js";

type PolicyFile = z.infer<typeof PolicySchema>;
type BudgetsFile = z.infer<typeof BudgetsSchema>;

function seconds(value: string | number, setting: string, place: string, problems: ConfigProblem[]): number | null {
  const parsed = parseDuration(String(value));
  if (parsed === null) problems.push({ setting, message: `${setting} '${String(value)}' in ${place}: expected a duration such as 30m, 2h or 900 (seconds)`, fix: `Set ${setting} to e.g. 30m.` });
  return parsed;
}

function readBudgets(file: BudgetsFile | undefined, place: string, problems: ConfigProblem[]): Budget[] {
  return (file ?? []).flatMap((entry, index): Budget[] => {
    if (entry.repository !== undefined && entry.organization !== undefined) {
      problems.push({ setting: `budgets[${index}]`, message: `budgets[${index}] in ${place}: expected either repository or organization, not both`, fix: `Split budgets[${index}] into one budget per scope.` });
      return [];
    }
    if (entry.repository !== undefined) return [{ scope: "repository", match: entry.repository, monthlyUsd: entry.monthly }];
    if (entry.organization !== undefined) return [{ scope: "organization", match: entry.organization, monthlyUsd: entry.monthly }];
    return [{ scope: "all", match: [], monthlyUsd: entry.monthly }];
  });
}

/**
 * The admission policy from offload.yaml's `policy:` and `budgets:` sections (already checked
 * against their schema) and the environment's simple cases: `OFFLOAD_MAX_RUNNERS` (global
 * concurrency), `OFFLOAD_FORK_PULL_REQUESTS` (what forks of public repositories get) and
 * `OFFLOAD_MONTHLY_BUDGET_USD` (one budget over everything). The environment wins.
 */
export function readPolicySection(file: { policy?: PolicyFile; budgets?: BudgetsFile }, reader: SettingsReader, place: string): { policy: AdmissionPolicy; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const section = file.policy ?? {};
  const base = OPEN_POLICY;
  const timeouts = Object.entries(section.timeouts ?? {}).flatMap(([label, value]) => {
    const s = seconds(value, `policy.timeouts.${label}`, place, problems);
    return s === null ? [] : [{ label, seconds: s }];
  });
  const forks = section.forkPullRequests ?? {};
  const sandboxTimeout = forks.sandbox?.timeout === undefined ? base.forks.sandbox.timeoutSeconds : seconds(forks.sandbox.timeout, "policy.forkPullRequests.sandbox.timeout", place, problems);
  const positive = (text: string): number | null => (/^\d+$/.test(text) && Number(text) > 0 ? Number(text) : null);
  const maxRunners = reader.parse("OFFLOAD_MAX_RUNNERS", section.concurrency?.global ?? null, positive, "a positive whole number of runners", "Set OFFLOAD_MAX_RUNNERS to e.g. 20, or unset it for no limit.");
  const forkAction = reader.parse<ForkAction>("OFFLOAD_FORK_PULL_REQUESTS", forks.public ?? base.forks.public, (text) => (["allow", "deny", "sandbox", "hold"] as const).find((a) => a === text.toLowerCase()) ?? null, "allow, deny, sandbox or hold", "Set OFFLOAD_FORK_PULL_REQUESTS to hold (default), deny, sandbox or allow.");
  const monthly = reader.parse("OFFLOAD_MONTHLY_BUDGET_USD", null, (text) => (/^\d+(\.\d+)?$/.test(text) ? Number(text) : null), "an amount of US dollars such as 250", "Set OFFLOAD_MONTHLY_BUDGET_USD to e.g. 250, or unset it.");
  const budgets = readBudgets(file.budgets, place, problems);
  if (monthly !== null) budgets.push({ scope: "all", match: [], monthlyUsd: monthly });
  const policy: AdmissionPolicy = {
    repositories: {
      allow: section.repositories?.allow ?? [],
      deny: section.repositories?.deny ?? [],
      default: section.repositories?.default ?? "allow",
    },
    flavorRules: (section.flavors ?? []).map((rule) => ({
      repositories: rule.repositories ?? ["*"],
      allow: rule.allow ?? [],
      deny: rule.deny ?? [],
      maxGpus: rule.maxGpus ?? null,
    })),
    concurrency: {
      global: maxRunners,
      perFlavor: Object.entries(section.concurrency?.perFlavor ?? {}).map(([flavor, max]) => ({ flavor, max })),
      perRepository: section.concurrency?.perRepository ?? null,
    },
    timeouts,
    forks: {
      public: forkAction,
      private: forks.private ?? base.forks.private,
      approveLabel: forks.approveLabel ?? base.forks.approveLabel,
      sandbox: { flavor: forks.sandbox?.flavor ?? base.forks.sandbox.flavor, timeoutSeconds: sandboxTimeout ?? base.forks.sandbox.timeoutSeconds },
    },
    budgets,
    prices: new Map(Object.entries(section.prices ?? {})),
  };
  return { policy, problems };
}
