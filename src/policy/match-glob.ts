const compiled = new Map<string, (name: string) => boolean>();

/**
 * Case-insensitive glob over names (`acme/*`, `h200*`, `*-a100x?`): `*` is any run of
 * characters, `?` one character; everything else is literal. Compiled once per pattern.
 */
export function compileGlob(pattern: string): (name: string) => boolean {
  let test = compiled.get(pattern);
  if (test === undefined) {
    const source = [...pattern.toLowerCase()]
      .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\/]/g, "\\$&")))
      .join("");
    const regex = new RegExp(`^${source}$`);
    test = (name) => regex.test(name.toLowerCase());
    compiled.set(pattern, test);
  }
  return test;
}

/** True when any of the globs matches `name`. */
export function matchesAny(globs: readonly string[], name: string): boolean {
  return globs.some((glob) => compileGlob(glob)(name));
}
