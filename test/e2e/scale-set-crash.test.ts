import { afterEach, describe, expect, it } from "vitest";
import { startDispatcherProcess, type DispatcherProcess } from "../../src/sim/start-dispatcher-process.js";
import { labScaleSet, startScaleSetSims } from "../support/scale-set-stack.js";
import { waitUntil } from "../support/wait-until.js";

type Stack = Awaited<ReturnType<typeof startScaleSetSims>>;
let stack: Stack | null = null;
const dispatchers: DispatcherProcess[] = [];

afterEach(async () => {
  for (const dispatcher of dispatchers.splice(0)) await dispatcher.stop();
  await stack?.close();
  stack = null;
});

describe("a scale-set dispatcher killed with SIGKILL between receiving a message and acknowledging it", () => {
  it("runs every job exactly once after the restart, the withheld message delivered again and recognised", async () => {
    stack = await startScaleSetSims({ latencyMs: 20 });
    const { sims } = stack;
    const github = sims.github;
    const env = stack.env([labScaleSet(sims)]);
    const first = await startDispatcherProcess(env);
    dispatchers.push(first);
    await waitUntil("the first dispatcher holds a session", () => github.scaleSets.list()[0]?.sessions === 1);

    const early = Array.from({ length: 6 }, (_, i) => github.queueJob({ repo: "acme/app", labels: ["lab-gpu"], name: `early ${i}`, durationMs: 400 }));
    await waitUntil("the first dispatcher launched runners", () => github.runners().length > 0);
    // From now on GitHub never answers an acknowledgement: the next message is recorded, then the process dies.
    github.scaleSets.holdAcks(true);
    const late = Array.from({ length: 6 }, (_, i) => github.queueJob({ repo: "acme/app", labels: ["lab-gpu"], name: `late ${i}`, durationMs: 50 }));
    await waitUntil("an acknowledgement is withheld", () => github.scaleSets.heldAcks() > 0);
    await first.kill9();
    github.scaleSets.holdAcks(false);
    expect(github.scaleSets.list()[0]?.unacknowledged).toBeGreaterThan(0);

    const second = await startDispatcherProcess(env);
    dispatchers.push(second);
    await github.waitForAllJobsCompleted(60_000);

    const jobs = [...early, ...late].map((job) => github.job(job.id));
    expect(jobs.every((job) => job?.status === "completed" && job.conclusion === "success")).toBe(true);
    expect(new Set(jobs.map((job) => job?.runnerName)).size).toBe(jobs.length);
    // Exactly one machine per job: nothing was launched twice for a message seen twice.
    expect(sims.hf.jobs()).toHaveLength(jobs.length);
    // The restarted dispatcher deleted the session its predecessor left and opened its own.
    expect(github.scaleSets.list()[0]?.sessions).toBe(1);
    await waitUntil("every message acknowledged", () => github.scaleSets.list()[0]?.unacknowledged === 0);
    expect(github.violations).toEqual([]);
  });
});
