import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { EventStreams } from "../../src/server/event-streams.js";
import { startDashboardServer, type DashboardTestServer } from "../support/dashboard-server.js";

/** Reads an SSE response block by block until `until` accepts one; returns every block read. */
async function readUntil(response: Response, until: (block: string) => boolean): Promise<string[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const blocks: string[] = [];
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return blocks;
    buffer += value;
    const parts = buffer.split("\n\n");
    buffer = parts.pop() ?? "";
    blocks.push(...parts);
    if (parts.some(until)) {
      await reader.cancel();
      return blocks;
    }
  }
}

describe("GET /api/events", () => {
  let server: DashboardTestServer;

  afterEach(async () => {
    await server.close();
  });

  it("tells an open page which job changed, as server-sent events", async () => {
    server = await startDashboardServer();
    const url = await server.app.listen({ host: "127.0.0.1", port: 0 });
    const response = await fetch(`${url}/api/events`);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const reading = readUntil(response, (block) => block.startsWith("event: job"));
    await server.queueJob(41);
    const blocks = await reading;
    expect(blocks).toContain("retry: 3000");
    expect(blocks).toContain('event: delivery\ndata: {"guid":"d-41-queued","result":"accepted","jobId":41}');
    expect(blocks).toContain('event: job\ndata: {"jobId":41,"status":"queued"}');
  });

  it("sends keep-alive comments while nothing happens", async () => {
    server = await startDashboardServer({ keepAliveMs: 20 });
    const url = await server.app.listen({ host: "127.0.0.1", port: 0 });
    const blocks = await readUntil(await fetch(`${url}/api/events`), (block) => block === ": keep-alive");
    expect(blocks).toContain(": keep-alive");
  });

  it("tells which jobs a runner event concerns, looked up in the ledger", async () => {
    server = await startDashboardServer();
    await server.queueJob(42);
    const { job } = (await server.app.inject({ method: "GET", url: "/api/jobs/42" })).json();
    await server.ledger.claimRunners([{ name: "r-42", poolKey: job.poolKey, provider: "hf-jobs", forJobId: 42 }], new Date().toISOString());
    const url = await server.app.listen({ host: "127.0.0.1", port: 0 });
    const response = await fetch(`${url}/api/events`);
    const reading = readUntil(response, (block) => block.startsWith("event: runner"));
    // fetch resolved on the headers, which the route writes in the same tick as it subscribes.
    server.bus.emit("runner:ended", { name: "r-42", state: "cancelled", reason: "surplus" });
    const blocks = await reading;
    expect(blocks).toContain('event: runner\ndata: {"name":"r-42","state":"cancelled","jobIds":[42]}');
  });

  it("lets the server close while pages are still connected", async () => {
    server = await startDashboardServer();
    const url = await server.app.listen({ host: "127.0.0.1", port: 0 });
    const response = await fetch(`${url}/api/events`);
    const reading = readUntil(response, () => false);
    await server.app.close();
    expect(await reading).toEqual(["retry: 3000"]);
  });
});

describe("EventStreams", () => {
  let app: FastifyInstance;

  afterEach(async () => {
    await app.close();
  });

  it("forgets a stream and stops its keep-alive when the client disconnects", async () => {
    const streams = new EventStreams(10);
    const aborted: boolean[] = [];
    app = Fastify();
    app.get("/events", async (_request, reply) => {
      const stream = streams.open(reply);
      stream.signal.addEventListener("abort", () => aborted.push(true));
    });
    app.addHook("preClose", async () => streams.closeAll());
    const url = await app.listen({ host: "127.0.0.1", port: 0 });
    const client = new AbortController();
    const response = await fetch(`${url}/events`, { signal: client.signal });
    await readUntil(response, (block) => block === ": keep-alive");
    expect(streams.size).toBe(1);
    client.abort();
    for (let tries = 0; streams.size > 0 && tries < 500; tries++) await new Promise((resolve) => setImmediate(resolve));
    expect(streams.size).toBe(0);
    expect(aborted).toEqual([true]);
  });
});
