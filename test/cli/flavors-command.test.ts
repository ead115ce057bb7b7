import { describe, expect, it } from "vitest";
import { runOffload } from "../support/cli-runner.js";

describe("offload flavors", () => {
  it("dates the catalogue's prices and names their source", async () => {
    const run = await runOffload(["flavors"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^hf-jobs-t4-small\s+4 vCPU\s+15 GB\s+1x T4 \(16 GB\)\s+\$0\.40\/h$/m);
    expect(run.stdout).toMatch(/prices as of \d{4}-\d{2}-\d{2}, billed per minute; source: .*api\/jobs\/hardware/);
  });
});
