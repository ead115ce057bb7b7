import { describe, expect, it } from "vitest";
import { canRunJob, pickJob, pickRunner } from "../../../src/sim/github/pick-job.js";

describe("pickJob", () => {
  it.each([
    { job: ["hf-jobs-cpu"], runner: ["hf-jobs-cpu"], can: true },
    { job: ["HF-Jobs-CPU"], runner: ["hf-jobs-cpu", "self-hosted"], can: true },
    { job: ["self-hosted", "gpu"], runner: ["gpu"], can: false },
    { job: ["gpu"], runner: ["cpu"], can: false },
  ])("decides that a runner with $runner can run a job asking $job: $can", ({ job, runner, can }) => {
    expect(canRunJob(job, runner)).toBe(can);
  });

  const queued = [
    { id: 1, labels: ["gpu"] },
    { id: 2, labels: ["cpu"] },
    { id: 3, labels: ["CPU"] },
  ];

  it("gives the oldest eligible job in fifo order", () => {
    expect(pickJob(queued, ["cpu"], "fifo", () => 0.99)?.id).toBe(2);
  });

  it("gives a random eligible job in random order", () => {
    expect(pickJob(queued, ["cpu"], "random", () => 0.99)?.id).toBe(3);
    expect(pickJob(queued, ["cpu"], "random", () => 0)?.id).toBe(2);
  });

  it("gives nothing when no job matches", () => {
    expect(pickJob(queued, ["arm64"], "fifo", () => 0)).toBeUndefined();
  });

  it("hands a new job to the longest waiting eligible runner", () => {
    const idle = [
      { id: 10, labels: ["gpu"] },
      { id: 11, labels: ["cpu"] },
      { id: 12, labels: ["cpu"] },
    ];
    expect(pickRunner(idle, ["cpu"], "fifo", () => 0)?.id).toBe(11);
  });
});
