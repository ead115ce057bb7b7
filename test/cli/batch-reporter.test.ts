import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createBatchReporter } from "../../src/cli/batch-reporter.js";
import { createTerminalStyle } from "../../src/cli/terminal-style.js";

function pipe(): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
  return { stream: Object.assign(stream, { isTTY: false }) as unknown as NodeJS.WriteStream, text: () => chunks.join("") };
}

describe("batch progress in a pipe", () => {
  it("prints one time-stamped plain line per change, steps with their durations", () => {
    const out = pipe();
    const reporter = createBatchReporter(out.stream, createTerminalStyle(out.stream, out.stream, {}), { fanOut: false, now: () => Date.parse("2026-12-04T03:00:05Z") });
    const step = { number: 2, name: "job.sh", status: "completed", conclusion: "failure", startedAt: "2026-12-04T03:00:01Z", completedAt: "2026-12-04T03:00:04Z" };
    reporter.event({ type: "run-status", status: "queued" });
    reporter.event({ type: "run-status", status: "in_progress" });
    reporter.event({ type: "step-started", job: "batch", step: { ...step, status: "in_progress", conclusion: null, completedAt: null } });
    reporter.event({ type: "step-finished", job: "batch", step, durationMs: 3000 });
    reporter.stop();
    expect(out.text()).toBe("03:00:05 queued\n03:00:05 in progress\n03:00:05   ▸ job.sh\n03:00:05   ✗ job.sh 3s (failure)\n");
  });
});
