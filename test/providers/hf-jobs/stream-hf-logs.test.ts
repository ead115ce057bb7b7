import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Clock } from "../../../src/clock/clock.js";
import { Secret } from "../../../src/config/secret.js";
import { systemClock } from "../../../src/clock/clock.js";
import { createHfJobsProvider, type HfJobsProviderOptions } from "../../../src/providers/hf-jobs/create-hf-jobs-provider.js";
import type { LogLine, Provider } from "../../../src/providers/provider.js";
import { collect } from "../../support/provider-test-tools.js";

/** Each log connection gets the next of these; a function may write and leave the stream open. */
type Connection = (response: ServerResponse) => void;

let server: Server | undefined;
const open = new Set<ServerResponse>();

afterEach(async () => {
  for (const response of open) response.destroy();
  open.clear();
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});

/** Sleeps under a minute (reconnect backoffs) return at once; idle timers, a minute or more here, wait for their abort. */
const quickClock: Clock = {
  now: () => Date.now(),
  iso: () => new Date().toISOString(),
  sleep: (ms, signal) =>
    ms < 60_000
      ? Promise.resolve()
      : new Promise((_resolve, reject) => signal?.addEventListener("abort", () => reject(signal.reason), { once: true })),
};

async function serve(
  connections: Connection[],
  stages: string[],
  providerOptions: Partial<HfJobsProviderOptions> = {},
): Promise<{ provider: Provider; logRequests: () => number; inspections: () => number }> {
  let logRequests = 0;
  let inspections = 0;
  server = createServer((request, response) => {
    if (request.url === "/api/jobs/ns/job1/logs") {
      logRequests += 1;
      open.add(response);
      response.writeHead(200, { "content-type": "text/event-stream" });
      (connections.shift() ?? ((r: ServerResponse) => r.end()))(response);
      return;
    }
    inspections += 1;
    const stage = stages.length > 1 ? stages.shift() : stages[0];
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ id: "job1", status: { stage, message: null } }));
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const provider = createHfJobsProvider({
    endpoint: `http://127.0.0.1:${port}`,
    token: new Secret("t"),
    namespace: "ns",
    dispatcherId: "d",
    clock: quickClock,
    logIdleMs: 60_000,
    logQuietMs: 60_000,
    ...providerOptions,
  });
  return { provider, logRequests: () => logRequests, inspections: () => inspections };
}

const event = (data: string): string => `data: ${JSON.stringify({ data, timestamp: "2026-01-01T00:00:00.000Z" })}\n\n`;
/** One line as HF sends it: no blank line after it (reference/hf-jobs-api.md §6). */
const hfLine = (data: string): string => `data: ${JSON.stringify({ data, timestamp: "2026-01-01T00:00:00.000Z" })}\n`;
const texts = (lines: LogLine[]): string[] => lines.map((line) => line.text);

describe("HF Jobs log streaming", () => {
  it("parses SSE events split across chunks, skipping the banner, keep-alives and stray data", async () => {
    const whole = event("===== Job started at 2026-01-01T00:00:00Z =====") + ": keep-alive\n\n" + event("first") + "data: not json\n\n" + event("sec");
    const { provider } = await serve(
      [
        (response) => {
          // Cut inside an event, so the parser must join the halves.
          response.write(whole.slice(0, whole.length - 10));
          response.write(whole.slice(whole.length - 10) + ": keep-alive\n\n" + event("third"));
          response.end();
        },
      ],
      ["COMPLETED"],
    );
    const lines = await collect(provider.logs?.("job1", { follow: false }) ?? []);
    expect(texts(lines)).toEqual(["first", "sec", "third"]);
    expect(lines[0]?.at).toBe("2026-01-01T00:00:00.000Z");
  });

  it("reconnects while the job runs and skips the lines HF replays", async () => {
    const { provider, logRequests } = await serve(
      [(r) => r.end(event("one") + event("two")), (r) => r.end(event("one") + event("two") + event("three"))],
      ["RUNNING", "COMPLETED"],
    );
    const lines = await collect(provider.logs?.("job1", { follow: true }) ?? []);
    expect(texts(lines)).toEqual(["one", "two", "three"]);
    expect(logRequests()).toBe(2);
  });

  it("stops following after a bounded number of reconnections that bring nothing new", async () => {
    const { provider, logRequests } = await serve([], ["RUNNING"]);
    const lines = await collect(provider.logs?.("job1", { follow: true }) ?? []);
    expect(lines).toEqual([]);
    expect(logRequests()).toBe(6);
  });

  it("keeps waiting, beyond the reconnection bound, for a job that is still being scheduled", async () => {
    const quiet: Connection[] = Array.from({ length: 7 }, () => (r: ServerResponse) => r.end());
    const { provider, logRequests } = await serve([...quiet, (r) => r.end(event("late"))], [...Array<string>(7).fill("SCHEDULING"), "COMPLETED"]);
    const lines = await collect(provider.logs?.("job1", { follow: true }) ?? []);
    expect(texts(lines)).toEqual(["late"]);
    expect(logRequests()).toBe(8);
  });

  it("ends a follow when its signal aborts, even while the stream stays open", async () => {
    const controller = new AbortController();
    const { provider } = await serve([(r) => r.write(event("only") + ": keep-alive\n\n")], ["RUNNING"]);
    const lines = await collect(provider.logs?.("job1", { follow: true, signal: controller.signal }) ?? [], () => {
      controller.abort();
      return false;
    });
    expect(texts(lines)).toEqual(["only"]);
  });

  it("reads HF's framing: one data line after another with no blank lines, keep-alives between, the last line unterminated", async () => {
    const whole = hfLine("===== Job started at 2026-01-01T00:00:00Z =====") + hfLine("first") + ": keep-alive\n" + hfLine("second") + hfLine("third").trimEnd();
    const { provider } = await serve(
      [
        (response) => {
          response.write(whole.slice(0, 40));
          response.end(whole.slice(40));
        },
      ],
      ["COMPLETED"],
    );
    expect(texts(await collect(provider.logs?.("job1", { follow: false }) ?? []))).toEqual(["first", "second", "third"]);
  });

  it("reads standard framing with CRLF line ends, event fields and a CR split across chunks", async () => {
    const whole = `event: log\r\n${event("one").replace(/\n/g, "\r\n")}id: 2\r\n${event("two").replace(/\n/g, "\r\n")}`;
    const cut = whole.indexOf("\r\n") + 1;
    const { provider } = await serve(
      [
        (response) => {
          response.write(whole.slice(0, cut));
          response.end(whole.slice(cut));
        },
      ],
      ["COMPLETED"],
    );
    expect(texts(await collect(provider.logs?.("job1", { follow: false }) ?? []))).toEqual(["one", "two"]);
  });

  it("stops following a stream that stays open after the job ended, once it goes quiet", async () => {
    // The stream sends its lines and then only keep-alives, never ending (reference §6); the job
    // runs for two stage checks, then has ended.
    const { provider, logRequests, inspections } = await serve(
      [
        (r) => {
          r.write(hfLine("one") + hfLine("two") + ": keep-alive\n");
          const keepAlive = setInterval(() => r.write(": keep-alive\n"), 5);
          r.on("close", () => clearInterval(keepAlive));
        },
      ],
      ["RUNNING", "RUNNING", "COMPLETED"],
      { clock: systemClock, logQuietMs: 20, logFollowIdleMs: 60_000 },
    );
    const lines = await collect(provider.logs?.("job1", { follow: true }) ?? []);
    expect(texts(lines)).toEqual(["one", "two"]);
    expect(logRequests()).toBe(1);
    expect(inspections()).toBe(3);
  });

  it("takes the history as drained once no line comes for a while, even while keep-alives still arrive", async () => {
    const { provider, inspections } = await serve(
      [
        (r) => {
          r.write(hfLine("one") + hfLine("two"));
          const keepAlive = setInterval(() => r.write(": keep-alive\n"), 5);
          r.on("close", () => clearInterval(keepAlive));
        },
      ],
      ["RUNNING"],
      { clock: systemClock, logIdleMs: 40 },
    );
    expect(texts(await collect(provider.logs?.("job1", { follow: false }) ?? []))).toEqual(["one", "two"]);
    expect(inspections()).toBe(0);
  });
});
