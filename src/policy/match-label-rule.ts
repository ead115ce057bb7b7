import type { LabelRule } from "../config/label-rule.js";

/** `*` matches any run of characters; everything else literally; case-insensitive. */
export function matchesPattern(pattern: string, label: string): boolean {
  const source = pattern.toLowerCase().split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${source}$`).test(label.toLowerCase());
}

/** The first rule one of whose labels or patterns matches one of the job's labels; rules are tried in file order. */
export function matchLabelRule(labels: readonly string[], rules: readonly LabelRule[]): LabelRule | null {
  return rules.find((rule) => rule.labels.some((pattern) => labels.some((label) => matchesPattern(pattern, label)))) ?? null;
}
