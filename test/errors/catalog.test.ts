import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERRORS } from "../../src/errors/catalog.js";

/** Rows of docs/errors.md's table: `| CODE | meaning | how to fix |`. */
function documentedCodes(): Map<string, { meaning: string; fix: string }> {
  const doc = readFileSync(new URL("../../docs/errors.md", import.meta.url), "utf8");
  const rows = new Map<string, { meaning: string; fix: string }>();
  for (const line of doc.split("\n")) {
    const match = /^\|\s*`(OFFLOAD_[A-Z_]+)`\s*\|([^|]+)\|([^|]+)\|/.exec(line);
    if (match?.[1] !== undefined) rows.set(match[1], { meaning: match[2]!.trim(), fix: match[3]!.trim() });
  }
  return rows;
}

describe("the error catalog", () => {
  it("is documented in docs/errors.md code for code, with the same meaning and fix", () => {
    const documented = documentedCodes();
    expect([...documented.keys()].sort()).toEqual(Object.keys(ERRORS).sort());
    for (const [code, entry] of Object.entries(ERRORS)) {
      expect(documented.get(code), code).toEqual({ meaning: entry.meaning, fix: entry.remedy });
    }
  });
});
