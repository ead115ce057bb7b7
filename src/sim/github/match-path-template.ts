/** A path template in OpenAPI form (`/repos/{owner}/{repo}`) ready to match request paths. */
export interface PathTemplate {
  readonly template: string;
  readonly names: readonly string[];
  readonly pattern: RegExp;
  /** Literal segments: `/runners/downloads` must beat `/runners/{runner_id}`. */
  readonly literals: number;
}

export function compilePathTemplate(template: string): PathTemplate {
  const names: string[] = [];
  let literals = 0;
  const source = template
    .split("/")
    .map((segment) => {
      const name = /^\{([^}]+)\}$/.exec(segment)?.[1];
      if (name === undefined) {
        if (segment !== "") literals += 1;
        return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      }
      names.push(name);
      return "([^/]+)";
    })
    .join("/");
  return { template, names, pattern: new RegExp(`^${source}$`), literals };
}

/** The most specific template that matches `path`, with its decoded parameters. */
export function matchPathTemplate(
  templates: readonly PathTemplate[],
  path: string,
): { template: PathTemplate; params: Record<string, string> } | undefined {
  let best: { template: PathTemplate; params: Record<string, string> } | undefined;
  for (const template of templates) {
    const found = template.pattern.exec(path);
    if (found === null) continue;
    if (best !== undefined && best.template.literals >= template.literals) continue;
    const params: Record<string, string> = {};
    template.names.forEach((name, index) => {
      params[name] = decodeURIComponent(found[index + 1] ?? "");
    });
    best = { template, params };
  }
  return best;
}
