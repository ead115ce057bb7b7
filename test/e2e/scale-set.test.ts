import { afterEach, describe, expect, it } from "vitest";
import type { Dispatcher } from "../../src/app/start-dispatcher.js";
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

  it("reports a lost session in /readyz, and recovers it with backoff without losing or repeating a job", async () => {
    stack = await startScaleSetSims();
    const { sims } = stack;
    const github = sims.github;
    const dispatcher = await startConfiguredDispatcher(stack.env([labScaleSet(sims)]));
    dispatchers.push(dispatcher);
    await waitUntil("the session is open", async () => (await readyz(dispatcher)).ready);
    const before = github.queueJob({ repo: "acme/app", labels: ["lab-gpu"], durationMs: 30 });
    await github.waitForAllJobsCompleted(30_000);

    // The network goes down, and GitHub forgets the session meanwhile.
    github.scaleSets.setOutage(true);
    github.scaleSets.dropSessions();
    const lost = await waitUntil("readyz reports the session lost", async () => {
      const answer = await readyz(dispatcher);
      return answer.ready ? false : answer;
    });
    expect(lost.checks["scale set lab-gpu"]).toMatchObject({ ok: false });
    expect(lost.checks["scale set lab-gpu"]?.detail).toMatch(/^lost since .*503.*retrying in \d+ s$/);
    const during = Array.from({ length: 5 }, () => github.queueJob({ repo: "acme/app", labels: ["lab-gpu"], durationMs: 30 }));

    github.scaleSets.setOutage(false);
    await github.waitForAllJobsCompleted(30_000);
    await waitUntil("readyz reports the new session", async () => (await readyz(dispatcher)).ready);
    const jobs = [before, ...during].map((job) => github.job(job.id));
    expect(jobs.every((job) => job?.conclusion === "success")).toBe(true);
    expect(sims.hf.jobs()).toHaveLength(jobs.length);
    expect(github.scaleSets.list()[0]?.sessions).toBe(1);
    const intake = (await (await fetch(`${dispatcher.url}/api/intake`)).json()) as { scaleSets: { reconnects: number }[] };
    expect(intake.scaleSets[0]?.reconnects).toBeGreaterThanOrEqual(1);
    expect(github.violations).toEqual([]);
  });

  it("serves scale-set labels by long poll and the others by webhook in one dispatcher", async () => {
    stack = await startScaleSetSims();
    const { sims } = stack;
    const github = sims.github;
    const dispatcher = await startConfiguredDispatcher(stack.env([labScaleSet(sims)], true));
    dispatchers.push(dispatcher);
    github.setWebhookTarget(`${dispatcher.url}/webhook`);
    await waitUntil("the session is open", async () => (await readyz(dispatcher)).ready);

    const bySet = Array.from({ length: 4 }, () => github.queueJob({ repo: "acme/app", labels: ["lab-gpu"], durationMs: 30 }));
    const byWebhook = Array.from({ length: 4 }, () => github.queueJob({ repo: "acme/app", labels: ["hf-jobs-cpu-basic"], durationMs: 30 }));
    await github.waitForAllJobsCompleted(30_000);
    await github.settleDeliveries();

    expect([...bySet, ...byWebhook].every((job) => github.job(job.id)?.conclusion === "success")).toBe(true);
    // The scale-set jobs' webhooks arrive too: they are facts about the same jobs in the same pool, not new demand.
    expect(sims.hf.jobs()).toHaveLength(8);
    expect(sims.hf.jobs().filter((job) => job.flavor === "t4-small")).toHaveLength(4);
    const setRunners = new Set(bySet.map((job) => github.job(job.id)?.runnerName));
    expect(setRunners.size).toBe(4);
    const intake = (await (await fetch(`${dispatcher.url}/api/intake`)).json()) as { mode: string };
    expect(intake.mode).toBe("mixed");
    const recorded = await dispatcher.ledger?.getJob(bySet[0]?.id ?? 0);
    expect(recorded?.poolKey).toBe("org:acme|set:lab-gpu|hf-jobs-t4-small,lab-gpu");
    expect(github.violations).toEqual([]);
  });

  it("takes a job back when GitHub ends its assignment as canceled because no runner took it, and runs it once", async () => {
    // Runners boot slowly, so the service gives up on the first assignment before one is online.
    stack = await startScaleSetSims({ hfSchedulingDelayMs: 1500 });
    const { sims } = stack;
    const github = sims.github;
    const dispatcher = await startConfiguredDispatcher(stack.env([labScaleSet(sims)]));
    dispatchers.push(dispatcher);
    await waitUntil("the session is open", async () => (await readyz(dispatcher)).ready);
    const job = github.queueJob({ repo: "acme/app", labels: ["lab-gpu"], durationMs: 30 });
    await waitUntil("the job is assigned in the ledger", async () => (await dispatcher.ledger?.getJob(job.id))?.status === "queued");
    expect(github.scaleSets.reassign(job.id)).toBe(true);

    await github.waitForAllJobsCompleted(30_000);
    expect(github.job(job.id)?.conclusion).toBe("success");
    await waitUntil("the ledger has the job completed", async () => (await dispatcher.ledger?.getJob(job.id))?.conclusion === "success");
    const events = (await dispatcher.ledger?.jobEvents(job.id)) ?? [];
    expect(events.map((event) => event.kind)).toContain("scale-set:reassigned");
    expect(events.some((event) => event.kind === "scale-set" && /assignment ended canceled before a runner took the job/.test(event.detail))).toBe(true);
    expect(sims.hf.jobs().length).toBeLessThanOrEqual(2);
    expect(github.violations).toEqual([]);
  });
});
