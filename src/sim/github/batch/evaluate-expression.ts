/** What `${{ … }}` expressions can read in the simulated runner. */
export interface ExpressionContext {
  readonly secrets: Readonly<Record<string, string>>;
  readonly matrix: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  readonly github: Readonly<Record<string, string>>;
  /** The job's state so far, for `if:` status functions. */
  readonly jobStatus: "success" | "failure" | "cancelled";
}

/**
 * Replaces `${{ context.name }}` in a string. Only property reads of `secrets`, `matrix`, `env`,
 * `github` and `runner` are modelled; anything else becomes an empty string, which is what
 * GitHub yields for a property that does not exist.
 */
export function substituteExpressions(text: string, context: ExpressionContext): string {
  return text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_whole, expression: string) => readProperty(expression, context));
}

/**
 * Whether a step runs: `always()`, `success()`, `failure()`, `cancelled()` and their negations
 * (`!cancelled()`), the default being `success()`.
 */
export function stepShouldRun(condition: string | null, context: ExpressionContext): boolean {
  const text = (condition ?? "success()").replace(/^\$\{\{\s*|\s*\}\}$/g, "").trim();
  const negated = text.startsWith("!");
  const name = (negated ? text.slice(1) : text).trim();
  const value =
    name === "always()" ? true
      : name === "success()" ? context.jobStatus === "success"
        : name === "failure()" ? context.jobStatus === "failure"
          : name === "cancelled()" ? context.jobStatus === "cancelled"
            : context.jobStatus === "success";
  return negated ? !value : value;
}

function readProperty(expression: string, context: ExpressionContext): string {
  const match = /^(secrets|matrix|env|github|runner)\.([A-Za-z0-9_-]+)$/.exec(expression);
  if (match === null) return "";
  const [, scope = "", name = ""] = match;
  if (scope === "runner") return name === "os" ? "Linux" : name === "arch" ? "X64" : "";
  const table: Readonly<Record<string, string>> = scope === "secrets" ? context.secrets : scope === "matrix" ? context.matrix : scope === "env" ? context.env : context.github;
  return table[name] ?? "";
}
