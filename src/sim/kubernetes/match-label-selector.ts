import { KubeStatusError } from "./kube-status-error.js";

type Requirement =
  | { readonly op: "exists" | "absent"; readonly key: string }
  | { readonly op: "in" | "notin"; readonly key: string; readonly values: readonly string[] };

/**
 * Parses a `labelSelector` query (k8s.io/apimachinery/pkg/labels: `a=b`, `a==b`, `a!=b`, `a`,
 * `!a`, `a in (x,y)`, `a notin (x)`, joined by commas) into a predicate over labels. A selector it
 * cannot read is a 400, as on the real server.
 */
export function parseLabelSelector(selector: string | null): (labels: Readonly<Record<string, string>> | undefined) => boolean {
  if (selector === null || selector.trim() === "") return () => true;
  const requirements = splitTerms(selector).map(parseTerm);
  return (labels) => requirements.every((requirement) => matches(requirement, labels ?? {}));
}

function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of selector) {
    if (char === "(") depth += 1;
    if (char === ")") depth -= 1;
    if (char === "," && depth === 0) {
      terms.push(current.trim());
      current = "";
    } else current += char;
  }
  terms.push(current.trim());
  return terms;
}

function parseTerm(term: string): Requirement {
  const set = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (set !== null) {
    const values = (set[3] ?? "").split(",").map((value) => value.trim());
    return { op: set[2] === "in" ? "in" : "notin", key: set[1] ?? "", values };
  }
  const equality = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(term);
  if (equality !== null) {
    return { op: equality[2] === "!=" ? "notin" : "in", key: equality[1] ?? "", values: [equality[3] ?? ""] };
  }
  const exists = /^(!?)([\w./-]+)$/.exec(term);
  if (exists !== null) return { op: exists[1] === "!" ? "absent" : "exists", key: exists[2] ?? "" };
  throw new KubeStatusError(400, "BadRequest", `unable to parse requirement: found '${term}', expected: key, !key, key=value, key!=value, key in (values) or key notin (values)`);
}

function matches(requirement: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[requirement.key];
  switch (requirement.op) {
    case "exists":
      return value !== undefined;
    case "absent":
      return value === undefined;
    case "in":
      return value !== undefined && requirement.values.includes(value);
    case "notin":
      return value === undefined || !requirement.values.includes(value);
  }
}
