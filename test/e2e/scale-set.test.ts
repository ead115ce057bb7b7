import { afterEach, describe, expect, it } from "vitest";
import type { Dispatcher } from "../../src/cli/start-dispatcher.js";
import { labScaleSet, startConfiguredDispatcher, startScaleSetSims } from "../support/scale-set-stack.js";
import { waitUntil } from "../support/wait-until.js";

type Stack = Awaited<ReturnType<typeof startScaleSetSims>>;
let stack: Stack | null = null;
const dispatchers: Dispatcher[] = [];

afterEach(async () => {
  for (const dispatcher of dispatchers.splice(0)) await dispatcher.stop();
  await stack?.close();
  stack = null;
});

async function readyz(dispatcher: Dispatcher): Promise<{ ready: boolean; checks: Record<string, { ok: boolean; detail: string }> }> {
  return (await fetch(`${dispatcher.url}/readyz`)).json() as Promise<{ ready: boolean; checks: Record<string, { ok: boolean; detail: string }> }>;
}

describe("the scale-set intake over the simulated Actions service", () => {
  it("serves a burst through one message session, with no webhook secret and no inbound call", async () => {
    stack = await startScaleSetSims();
    const { sims } = stack;
    const dispatcher = await startConfiguredDispatcher(stack.env([labScaleSet(sims)]));
    dispatchers.push(dispatcher);
    await waitUntil("the session is open", async () => (await readyz(dispatcher)).ready);

    const jobs = Array.from({ length: 20 }, (_, i) => sims.github.queueJob({ repo: "acme/app", labels: ["lab-gpu"], name: `shard ${i}`, durationMs: 30 }));
    await sims.github.waitForAllJobsCompleted(30_000);

    expect(jobs.map((job) => sims.github.job(job.id)?.conclusion)).toEqual(jobs.map(() => "success"));
    expect(sims.hf.jobs()).toHaveLength(jobs.length);
    expect(sims.hf.jobs().every((job) => job.flavor === "t4-small")).toBe(true);
    // No webhook was ever delivered anywhere: the dispatcher only called out.
    expect(sims.github.deliveries.filter((d) => d.statusCode !== 0)).toEqual([]);
    const [set] = sims.github.scaleSets.list();
    expect(set).toMatchObject({ name: "lab-gpu", labels: ["hf-jobs-t4-small"], sessions: 1 });
    await waitUntil("every job recorded completed from its JobCompleted message", async () => {
      const recorded = await Promise.all(jobs.map((job) => dispatcher.ledger?.getJob(job.id)));
      return recorded.every((job) => job?.status === "completed" && job.conclusion === "success");
    });
    await waitUntil("every message acknowledged", () => sims.github.scaleSets.list()[0]?.unacknowledged === 0);
    const intake = (await (await fetch(`${dispatcher.url}/api/intake`)).json()) as { mode: string; scaleSets: { state: string }[]; reportedDemand: unknown[] };
    expect(intake.mode).toBe("scale-set");
    expect(intake.scaleSets[0]?.state).toBe("connected");
    expect(intake.reportedDemand).toHaveLength(1);
    expect(sims.github.violations).toEqual([]);

    // A clean stop deletes the session, so the next listener opens one at once.
    await dispatchers.splice(0)[0]?.stop();
    expect(sims.github.scaleSets.list()[0]?.sessions).toBe(0);
  });
});
