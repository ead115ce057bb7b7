import { afterEach, describe, expect, it } from "vitest";
import type { LogLine, Provider } from "../../src/providers/provider.js";
import { startDashboardServer, type DashboardTestServer } from "../support/dashboard-server.js";

/** A provider whose machines print fixed lines; logs() records what it was asked. */
function printingProvider(lines: string[]): Provider & { asked: string[] } {
  const asked: string[] = [];
  return {
    name: "hf-jobs",
    asked,
    launch: async () => ({ id: "m-1" }),
    inspect: async (id) => ({ id, runnerName: null, state: "running", message: null, startedAt: null, finishedAt: null }),
    cancel: async () => undefined,
    listOurs: async () => [],
    async *logs(id): AsyncIterable<LogLine> {
      asked.push(id);
      for (const text of lines) yield { at: "2026-01-01T00:00:00Z", text };
    },
  };
}

/** Reads a whole (ending) SSE response into [event, data] pairs. */
async function readEvents(url: string): Promise<[string, unknown][]> {
  const text = await (await fetch(url)).text();
  return text
    .split("\n\n")
    .filter((block) => block.startsWith("event: "))
    .map((block) => {
      const [event, data] = block.split("\n");
      return [event?.slice(7) ?? "", JSON.parse(data?.slice(6) ?? "null")];
    });
}

describe("the JSON API additions", () => {
  let server: DashboardTestServer;

  afterEach(async () => {
    await server.close();
  });

  it("counts queued demand against idle and busy runners per pool", async () => {
    server = await startDashboardServer();
    await server.queueJob(1);
    await server.queueJob(2);
    const pool = (await server.app.inject({ method: "GET", url: "/api/pools" })).json().pools[0];
    await server.ledger.claimRunners([{ name: "r-1", poolKey: pool.key, provider: "hf-jobs", forJobId: 1 }], new Date().toISOString());
    const [counted] = (await server.app.inject({ method: "GET", url: "/api/pools" })).json().pools;
    expect(counted).toMatchObject({ key: pool.key, flavor: "t4-small", queued: 2, idle: 1, busy: 0 });
  });

  it("streams the job's runner log from its provider, then ends", async () => {
    const provider = printingProvider(["Listening for Jobs", "Running job: test <b>"]);
    server = await startDashboardServer({ providers: new Map([["hf-jobs", provider]]) });
    await server.queueJob(5);
    const now = new Date().toISOString();
    const { job } = (await server.app.inject({ method: "GET", url: "/api/jobs/5" })).json();
    await server.ledger.claimRunners([{ name: "r-5", poolKey: job.poolKey, provider: "hf-jobs", forJobId: 5 }], now);
    await server.ledger.markRunnerLaunched("r-5", "compute-5", now);
    const url = await server.app.listen({ host: "127.0.0.1", port: 0 });

    const events = await readEvents(`${url}/api/jobs/5/log`);
    expect(events).toEqual([
      ["runner", { name: "r-5", provider: "hf-jobs", computeId: "compute-5" }],
      ["line", { at: "2026-01-01T00:00:00Z", text: "Listening for Jobs" }],
      ["line", { at: "2026-01-01T00:00:00Z", text: "Running job: test <b>" }],
      ["end", { message: "The runner's machine has ended." }],
    ]);
    expect(provider.asked).toEqual(["compute-5"]);
  });

  it("says so when a job has no runner yet, or its provider streams no logs", async () => {
    server = await startDashboardServer();
    await server.queueJob(6);
    const url = await server.app.listen({ host: "127.0.0.1", port: 0 });
    expect(await readEvents(`${url}/api/jobs/6/log`)).toEqual([
      ["notice", { message: "No runner has started for this job yet." }],
      ["end", { message: "No runner has started for this job yet." }],
    ]);
    const { job } = (await server.app.inject({ method: "GET", url: "/api/jobs/6" })).json();
    await server.ledger.claimRunners([{ name: "r-6", poolKey: job.poolKey, provider: "hf-jobs", forJobId: 6 }], new Date().toISOString());
    await server.ledger.markRunnerLaunched("r-6", "compute-6", new Date().toISOString());
    expect((await readEvents(`${url}/api/jobs/6/log`))[0]).toEqual(["notice", { message: "The hf-jobs provider does not stream logs to this dashboard." }]);
    expect((await server.app.inject({ method: "GET", url: "/api/jobs/404/log" })).statusCode).toBe(404);
  });
});
