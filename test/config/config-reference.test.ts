import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderConfigReference } from "../../src/config/render-config-reference.js";

describe("docs/offload-yaml.md", () => {
  it("is exactly what the offload.yaml schema generates (npm run docs:config rewrites it)", () => {
    const doc = readFileSync(new URL("../../docs/offload-yaml.md", import.meta.url), "utf8");
    expect(doc).toBe(renderConfigReference());
  });

  it("lists every key of the schema with the environment variable it stands for", () => {
    const reference = renderConfigReference();
    expect(reference).toContain("| `ghAppId` | string or number | `GH_APP_ID` |");
    expect(reference).toContain("| `runnerImages` | map of string | `RUNNER_IMAGE_<KEY>` |");
  });
});
