import { describe, expect, it } from "vitest";
import { diffRunProgress, type RunSnapshot } from "../../src/batch/batch-progress.js";

const step = (number: number, name: string, status: string, conclusion: string | null, startedAt: string | null, completedAt: string | null) => ({ number, name, status, conclusion, startedAt, completedAt });
const job = (status: string, steps: ReturnType<typeof step>[], conclusion: string | null = null) => ({ id: 1, name: "batch", status, conclusion, startedAt: null, completedAt: null, steps });

describe("watching a run's progress", () => {
  it("reports queued, then each step as it starts and ends with its duration", () => {
    const queued: RunSnapshot = { status: "queued", conclusion: null, jobs: [job("queued", [])] };
    const running: RunSnapshot = { status: "in_progress", conclusion: null, jobs: [job("in_progress", [step(1, "Set up job", "completed", "success", "2026-12-04T03:00:00Z", "2026-12-04T03:00:01Z"), step(2, "job.sh", "in_progress", null, "2026-12-04T03:00:01Z", null)])] };
    const done: RunSnapshot = { status: "completed", conclusion: "success", jobs: [job("completed", [step(1, "Set up job", "completed", "success", "2026-12-04T03:00:00Z", "2026-12-04T03:00:01Z"), step(2, "job.sh", "completed", "success", "2026-12-04T03:00:01Z", "2026-12-04T03:00:13Z")], "success")] };
    expect(diffRunProgress(null, queued).map((event) => event.type)).toEqual(["run-status", "job-status"]);
    expect(diffRunProgress(queued, running).map((event) => [event.type, "step" in event ? event.step.name : ""])).toEqual([
      ["run-status", ""], ["job-status", ""], ["step-started", "Set up job"], ["step-finished", "Set up job"], ["step-started", "job.sh"],
    ]);
    const finished = diffRunProgress(running, done);
    expect(finished.find((event) => event.type === "step-finished")).toMatchObject({ step: { name: "job.sh" }, durationMs: 12_000 });
    expect(finished.at(-1)).toMatchObject({ type: "job-status", status: "completed", conclusion: "success" });
  });

  it("reports nothing when nothing changed", () => {
    const snapshot: RunSnapshot = { status: "in_progress", conclusion: null, jobs: [job("in_progress", [step(1, "job.sh", "in_progress", null, "2026-12-04T03:00:01Z", null)])] };
    expect(diffRunProgress(snapshot, snapshot)).toEqual([]);
  });
});
