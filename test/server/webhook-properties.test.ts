import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workflowJobBody } from "../support/intake-fixtures.js";
import { startTestServer, type TestServer } from "../support/intake-server.js";

/*
 * Property-based bad input for POST /webhook: whatever arrives, the answer is a 4xx with an error
 * code and a message (never a 5xx), nothing reaches the ledger, the server stays healthy, and the
 * heap does not grow with the number of bad requests.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.close();
});

async function ledgerIsEmpty(): Promise<boolean> {
  return (await server.ledger?.listJobs({ limit: 1 }))?.length === 0 && (await server.ledger?.listDeliveries(1))?.length === 0;
}

/** A JSON body that is an object but not a valid workflow_job payload. */
const mangledPayload = fc
  .record({
    drop: fc.subarray(["repository", "installation", "workflow_job"], { minLength: 1 }),
    idTooBig: fc.boolean(),
    label: fc.oneof(fc.string({ minLength: 257, maxLength: 400 }), fc.constant(""), fc.string({ maxLength: 20 })),
    repo: fc.oneof(fc.constant("../../etc/passwd"), fc.constant("ac me/app"), fc.string({ minLength: 1, maxLength: 30 }).map((s) => `${s}/é✓`)),
  })
  .map(({ drop, idTooBig, label, repo }) => {
    const body = workflowJobBody() as Record<string, unknown>;
    for (const key of drop) delete body[key];
    const job = body["workflow_job"] as Record<string, unknown> | undefined;
    if (job !== undefined) {
      if (idTooBig) job["id"] = 2 ** 53 + 2;
      job["labels"] = [label];
    }
    const repository = body["repository"] as Record<string, unknown> | undefined;
    if (repository !== undefined) repository["full_name"] = repo;
    return body;
  });

describe("POST /webhook under arbitrary bad input", () => {
  it("answers any byte string with a bad or missing signature 401 and records nothing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), fc.option(fc.string({ maxLength: 80 }), { nil: undefined }), async (bytes, signature) => {
        const response = await server.webhook(Buffer.from(bytes), { headers: { "x-hub-signature-256": signature } });
        expect(response.statusCode).toBe(401);
        expect(response.json()).toMatchObject({ error: { code: "OFFLOAD_WEBHOOK_SIGNATURE" } });
      }),
      { numRuns: 150 },
    );
    expect(await ledgerIsEmpty()).toBe(true);
  });

  it("answers any correctly signed body that is not JSON 400 and records nothing", async () => {
    const notJson = fc.string({ maxLength: 500 }).filter((text) => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    });
    await fc.assert(
      fc.asyncProperty(notJson, async (text) => {
        const response = await server.webhook(text);
        expect(response.statusCode).toBe(400);
        expect(response.json().error.message).toMatch(/JSON/);
      }),
      { numRuns: 150 },
    );
    expect(await ledgerIsEmpty()).toBe(true);
  });

  it("answers a signed payload with missing parts, ids above 2^53, bad repository names or labels 400 naming the field", async () => {
    await fc.assert(
      fc.asyncProperty(mangledPayload, async (payload) => {
        const response = await server.webhook(payload);
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({ error: { code: "OFFLOAD_WEBHOOK_BAD_REQUEST", message: expect.stringMatching(/repository|installation|workflow_job/) } });
      }),
      { numRuns: 200 },
    );
    expect(await ledgerIsEmpty()).toBe(true);
  });

  it("stays healthy with a flat heap after thousands of bad requests", async () => {
    const send = async (count: number): Promise<void> => {
      // 10 KB each: a server that kept every bad body would grow by 30 MB below.
      for (let i = 0; i < count; i++) await server.webhook(`{"broken": ${i}, "pad": "${"x".repeat(10_000)}`);
    };
    await send(500);
    server.lines.length = 0;
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    await send(3000);
    server.lines.length = 0; // the test's own log capture, not the server's memory
    global.gc?.();
    const grown = process.memoryUsage().heapUsed - before;
    // A body (or its parse error) kept per request would add megabytes; the rejected-delivery
    // ring keeps 200 short records, whatever the number of requests.
    expect(grown).toBeLessThan(2 * 1024 * 1024);
    expect((await server.app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    expect(await ledgerIsEmpty()).toBe(true);
  });
});
