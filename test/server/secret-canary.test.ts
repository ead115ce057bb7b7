import type { LightMyRequestResponse } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { configuredEnv, signBody, testPrivateKeyPem, workflowJobBody } from "../support/intake-fixtures.js";
import { startTestServer, type TestServer } from "../support/intake-server.js";

const WEBHOOK_SECRET = "CANARY-webhook-secret-4f1d";
const NEXT_SECRET = "CANARY-next-secret-9a2b";
const HF_TOKEN = "CANARY-hf-token-77c3";
const DB_PASSWORD = "CANARY-db-password-e5";
/** A stretch of the private key's base64 body: any leak of the key would contain it. */
const KEY_FRAGMENT = testPrivateKeyPem().split("\n")[5] ?? "";
/** A value only the request body carries: bodies are never logged. */
const BODY_MARKER = "BODY-MARKER-only-in-the-payload";

describe("secrets and bodies", () => {
  let server: TestServer;

  afterEach(async () => {
    await server.close();
  });

  it("never appear in an answer or a log line, on any route or error path", async () => {
    server = await startTestServer({
      env: configuredEnv({
        GH_WEBHOOK_SECRET: WEBHOOK_SECRET,
        GH_WEBHOOK_SECRET_NEXT: NEXT_SECRET,
        HF_TOKEN,
        DATABASE_URL: `postgres://offload:${DB_PASSWORD}@db:5432/offload`,
        LOG_LEVEL: "trace",
      }),
      readiness: async () => {
        throw new Error("readiness exploded");
      },
    });
    const body = JSON.stringify(workflowJobBody({ job: { name: BODY_MARKER } }));
    const signature = signBody(body, WEBHOOK_SECRET);
    const answers: string[] = [];
    const keep = async (response: PromiseLike<LightMyRequestResponse>) => answers.push((await response).body);

    await keep(server.webhook(body, { secret: WEBHOOK_SECRET, guid: "ok" }));
    await keep(server.webhook(body, { secret: WEBHOOK_SECRET, guid: "ok" }));
    await keep(server.webhook(body, { secret: NEXT_SECRET, guid: "rotated" }));
    await keep(server.webhook(body, { secret: "wrong", guid: "forged" }));
    await keep(server.webhook(body, { headers: { "x-hub-signature-256": undefined } }));
    await keep(server.webhook(body, { secret: WEBHOOK_SECRET, headers: { "content-type": "text/plain" } }));
    await keep(server.webhook(`{"x": "${BODY_MARKER}"`, { secret: WEBHOOK_SECRET, guid: "bad-json" }));
    await keep(server.webhook(JSON.stringify({ action: "queued", marker: BODY_MARKER }), { secret: WEBHOOK_SECRET, guid: "bad-shape" }));
    await keep(server.webhook(Buffer.alloc(25 * 1024 * 1024 + 1, 0x20), { secret: WEBHOOK_SECRET }));
    await keep(server.webhook({ zen: BODY_MARKER }, { secret: WEBHOOK_SECRET, event: "ping", guid: "ping" }));
    await keep(server.webhook({ marker: BODY_MARKER }, { secret: WEBHOOK_SECRET, event: "issues", guid: "issues" }));
    for (const url of ["/", "/healthz", "/readyz", "/metrics", "/api/jobs", "/api/jobs/55390717991", "/api/jobs/1", "/api/pools", "/api/runners", "/api/deliveries", "/api/jobs?status=x", "/nowhere"]) {
      await keep(server.app.inject({ method: "GET", url }));
    }

    const everything = [...answers, ...server.lines].join("\n");
    expect(server.lines.length).toBeGreaterThan(10);
    expect(everything).toContain("readiness exploded"); // the 500 path ran and was logged
    for (const canary of [WEBHOOK_SECRET, NEXT_SECRET, HF_TOKEN, DB_PASSWORD, KEY_FRAGMENT, signature]) {
      expect(everything).not.toContain(canary);
    }
    expect(server.lines.join("\n")).not.toContain(BODY_MARKER);
  });
});
