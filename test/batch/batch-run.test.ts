import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startBatchHarness, type BatchHarness } from "./batch-harness.js";

describe("offload batch against the GitHub simulator", () => {
  let harness: BatchHarness;
  beforeEach(async () => {
    harness = await startBatchHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  it("runs a script in a private repository and brings uploads back with their folders", async () => {
    const result = await harness.submitAndFollow({
      script: "#!/bin/bash\nmkdir -p uploads/a/b\necho hello > uploads/a/b/c.txt\necho top > uploads/top.txt\necho done\n",
    });
    expect(harness.sim.violations).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.conclusion).toBe("success");
    expect(result.artifacts.flatMap((artifact) => artifact.files.map((file) => file.path))).toEqual(["a/b/c.txt", "top.txt"]);
    expect(await readFile(join(harness.dir, "out", "a", "b", "c.txt"), "utf8")).toBe("hello\n");
    expect(result.members[0]?.logs.find((step) => step.name === "job.sh")?.text).toContain("done");
    expect(result.deleted).toBe(true);
    expect(harness.sim.batch.repositories()).toEqual([]);
  });
});
