import { describe, expect, it } from "vitest";
import { parseArray } from "../../src/batch/batch-members.js";
import { readExitCodeMarker, renderBatchWorkflow } from "../../src/batch/render-batch-workflow.js";
import { parseSimWorkflow } from "../../src/sim/github/batch/parse-sim-workflow.js";

describe("the batch workflow", () => {
  it("names secrets without values, grants only contents: read and runs on the label", () => {
    const text = renderBatchWorkflow({ runsOn: "hf-t4-small", branch: "main", env: { MODEL: "tiny" }, secretNames: ["HF_TOKEN"], members: null, timeoutMinutes: 90 });
    expect(text).toContain("HF_TOKEN: ${{ secrets.HF_TOKEN }}");
    expect(text).toMatch(/permissions:\n {2}contents: read\n/);
    const parsed = parseSimWorkflow(text, "batch.yml");
    expect(parsed?.pushBranches).toEqual(["main"]);
    expect(parsed?.jobs[0]?.runsOn).toBe("hf-t4-small");
    expect(parsed?.jobs[0]?.steps.map((step) => step.uses ?? step.name)).toEqual(["actions/checkout@v4", "job.sh", "actions/upload-artifact@v4"]);
  });

  it("makes one matrix member per index, each with its own artifact name", () => {
    const text = renderBatchWorkflow({ runsOn: "ubuntu-latest", branch: "main", env: {}, secretNames: [], members: parseArray("1-3"), timeoutMinutes: 10 });
    const job = parseSimWorkflow(text, "batch.yml")?.jobs[0];
    expect(job?.members).toEqual([{ index: "1" }, { index: "2" }, { index: "3" }]);
    expect(job?.steps[2]?.with["name"]).toBe("uploads-${{ matrix.index }}");
  });

  it("reads the script's exit code from the last marker line, not from the echoed command", () => {
    const log = '2026-12-04T03:00:01Z echo "OFFLOAD_BATCH_EXIT_CODE=$code"\n2026-12-04T03:00:02Z OFFLOAD_BATCH_EXIT_CODE=42\n';
    expect(readExitCodeMarker(log)).toBe(42);
    expect(readExitCodeMarker("no marker\n")).toBeNull();
  });
});
