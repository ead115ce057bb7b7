import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configuredEnv, signBody, workflowJobBody, workflowJobExamples } from "../support/intake-fixtures.js";
import { startTestServer, type TestServer } from "../support/intake-server.js";

const VALID = JSON.stringify(workflowJobBody());

/** Removes `path` (dot-separated) from a fresh valid body. */
function without(path: string): string {
  const body = workflowJobBody() as Record<string, Record<string, unknown>>;
  const [head, tail] = path.split(".") as [string, string | undefined];
  if (tail === undefined) delete body[head];
  else delete body[head]?.[tail];
  return JSON.stringify(body);
}

describe("POST /webhook", () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer({ env: configuredEnv({ GH_WEBHOOK_SECRET_NEXT: "next-secret" }) });
  });

  afterEach(async () => {
    await server.close();
  });

  type Send = (s: TestServer) => ReturnType<TestServer["webhook"]>;
  const badInputs: [string, Send, number, string, string?][] = [
    ["a missing signature", (s) => s.webhook(VALID, { headers: { "x-hub-signature-256": undefined } }), 401, "OFFLOAD_WEBHOOK_SIGNATURE", "is missing"],
    ["a wrong signature", (s) => s.webhook(VALID, { headers: { "x-hub-signature-256": signBody("other body") } }), 401, "OFFLOAD_WEBHOOK_SIGNATURE"],
    ["a signature made with another secret", (s) => s.webhook(VALID, { secret: "someone-else" }), 401, "OFFLOAD_WEBHOOK_SIGNATURE"],
    ["a truncated JSON body", (s) => s.webhook(VALID.slice(0, 40)), 400, "OFFLOAD_WEBHOOK_BAD_REQUEST", "expected JSON ("],
    ["a malformed JSON body", (s) => s.webhook("{'single': 'quotes'}"), 400, "OFFLOAD_WEBHOOK_BAD_REQUEST", "expected JSON ("],
    ["an empty body", (s) => s.webhook(""), 400, "OFFLOAD_WEBHOOK_BAD_REQUEST"],
    ["a form-encoded body", (s) => s.webhook(`payload=${encodeURIComponent(VALID)}`, { headers: { "content-type": "application/x-www-form-urlencoded" } }), 415, "OFFLOAD_WEBHOOK_CONTENT_TYPE"],
    ["a text/plain body", (s) => s.webhook(VALID, { headers: { "content-type": "text/plain" } }), 415, "OFFLOAD_WEBHOOK_CONTENT_TYPE"],
    ["a body over 25 MiB", (s) => s.webhook(Buffer.alloc(25 * 1024 * 1024 + 1, 0x20)), 413, "OFFLOAD_WEBHOOK_TOO_LARGE", "25 MiB"],
    ["no X-GitHub-Event", (s) => s.webhook(VALID, { headers: { "x-github-event": undefined } }), 400, "OFFLOAD_WEBHOOK_BAD_REQUEST", "X-GitHub-Event"],
    ["no X-GitHub-Delivery", (s) => s.webhook(VALID, { headers: { "x-github-delivery": undefined } }), 400, "OFFLOAD_WEBHOOK_BAD_REQUEST", "X-GitHub-Delivery"],
    ["a payload without repository", (s) => s.webhook(without("repository")), 400, "OFFLOAD_WEBHOOK_BAD_REQUEST", "'repository'"],
    ["a payload without installation", (s) => s.webhook(without("installation")), 400, "OFFLOAD_WEBHOOK_BAD_REQUEST", "'installation'"],
    ["a payload without workflow_job", (s) => s.webhook(without("workflow_job")), 400, "OFFLOAD_WEBHOOK_BAD_REQUEST", "'workflow_job'"],
    ["a job id above 2^53", (s) => s.webhook(VALID.replace('"id":55390717991', '"id":9007199254740993')), 400, "OFFLOAD_WEBHOOK_BAD_REQUEST", "'workflow_job.id'"],
    ["an installation id above 2^53", (s) => s.webhook(VALID.replace('"id":77000001', '"id":18014398509481984')), 400, "OFFLOAD_WEBHOOK_BAD_REQUEST", "'installation.id'"],
    ["a unicode repository name", (s) => s.webhook(workflowJobBody({ repo: "octo-org/hëllo" })), 400, "OFFLOAD_WEBHOOK_BAD_REQUEST", "'repository.full_name'"],
    ["a ../ repository name", (s) => s.webhook(workflowJobBody({ repo: "octo-org/../../etc" })), 400, "OFFLOAD_WEBHOOK_BAD_REQUEST", "'repository.full_name'"],
    ["a label over 256 characters", (s) => s.webhook(workflowJobBody({ labels: ["hf-jobs-t4-small", "x".repeat(257)] })), 400, "OFFLOAD_WEBHOOK_BAD_REQUEST", "'workflow_job.labels[1]'"],
  ];

  it.each(badInputs)("refuses %s with %i and leaves the ledger untouched", async (_what, send, status, code, detail) => {
    const response = await send(server);
    expect(response.statusCode).toBe(status);
    const body = response.json<{ error: { code: string; message: string; remedy: string } }>();
    expect(body.error.code).toBe(code);
    expect(body.error.remedy.length).toBeGreaterThan(10);
    if (detail !== undefined) expect(body.error.message).toContain(detail);
    expect(await server.ledger?.listDeliveries(10)).toEqual([]);
    expect(await server.ledger?.listJobs()).toEqual([]);
    expect(server.wakes()).toBe(0);
    expect((await server.app.inject({ method: "GET", url: "/healthz" })).json()).toEqual({ status: "ok" });
    expect((await server.webhook(VALID, { guid: "after-the-bad-one" })).statusCode).toBe(200);
  });

  it("keeps rejected deliveries in /api/deliveries, newest first, beside the ledger's", async () => {
    await server.webhook(VALID, { guid: "good-1" });
    await server.webhook(VALID, { guid: "forged-1", secret: "forger" });
    const { deliveries } = (await server.app.inject({ method: "GET", url: "/api/deliveries" })).json<{ deliveries: { guid: string; result: string; reason: string }[] }>();
    expect(deliveries.map((d) => [d.guid, d.result])).toEqual([["forged-1", "rejected"], ["good-1", "accepted"]]);
    expect(deliveries[0]?.reason).toContain("OFFLOAD_WEBHOOK_SIGNATURE");
  });

  it("accepts a delivery signed with the rotation secret", async () => {
    const response = await server.webhook(VALID, { secret: "next-secret" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ ok: true, job: 55_390_717_991 });
  });

  it("accepts application/json with a charset", async () => {
    expect((await server.webhook(VALID, { headers: { "content-type": "application/json; charset=utf-8" } })).statusCode).toBe(200);
  });

  it("answers a redelivered guid as a duplicate", async () => {
    await server.webhook(VALID, { guid: "same-guid" });
    const again = await server.webhook(VALID, { guid: "same-guid" });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ ok: true, duplicate: true });
    expect(server.wakes()).toBe(1);
  });

  it("answers a ping with a pong", async () => {
    const response = await server.webhook({ zen: "Design for failure.", hook_id: 1 }, { event: "ping" });
    expect(response.json()).toEqual({ ok: true, pong: true });
  });

  it("skips other events politely", async () => {
    const response = await server.webhook({ action: "created", installation: { id: 1 } }, { event: "installation" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true, skipped: "event installation is not handled" });
  });

  it.each(["queued", "waiting", "in_progress", "completed"])("records a %s delivery", async (action) => {
    const response = await server.webhook(workflowJobBody({ action }), { guid: `g-${action}` });
    expect(response.statusCode).toBe(200);
    expect(await server.ledger?.getJob(55_390_717_991)).toMatchObject({ status: action });
  });

  it("records GitHub's example payloads, and names the field the oldest one lacks", async () => {
    for (const [index, example] of workflowJobExamples().entries()) {
      const body = { installation: { id: 5 }, ...example };
      const response = await server.webhook(body, { guid: `example-${index}` });
      const job = example.workflow_job as { run_attempt?: number };
      if (job.run_attempt === undefined) {
        expect(response.statusCode).toBe(400);
        expect(response.json<{ error: { message: string } }>().error.message).toContain("'workflow_job.run_attempt'");
      } else {
        expect(response.statusCode, response.body).toBe(200);
      }
    }
  });

  it("accepts unicode and ../ in labels, refusing or ignoring the job with a reason", async () => {
    const refused = await server.webhook(workflowJobBody({ labels: ["hf-jobs-t4-smäll"] }), { guid: "unicode" });
    expect(refused.json()).toMatchObject({ decision: "refused (OFFLOAD_LABEL_UNKNOWN_FLAVOR)" });
    const ignored = await server.webhook(workflowJobBody({ jobId: 2, labels: ["../../etc/passwd"] }), { guid: "dots" });
    expect(ignored.json()).toMatchObject({ decision: "ignored", reason: "no offload label (runs-on: ../../etc/passwd)" });
  });
});

describe("POST /webhook before setup", () => {
  let server: TestServer;

  afterEach(async () => {
    await server.close();
  });

  it("answers 503 naming the missing settings", async () => {
    server = await startTestServer({ env: configuredEnv({ GH_APP_ID: undefined, HF_TOKEN: undefined }) });
    const response = await server.webhook(VALID);
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      error: { code: "OFFLOAD_NEEDS_SETUP", message: "dispatcher needs setup: set GH_APP_ID, HF_TOKEN and restart", remedy: expect.any(String) },
    });
  });

  it("answers 503 when the ledger is not open", async () => {
    server = await startTestServer({ withLedger: false });
    const response = await server.webhook(VALID);
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ error: { code: "OFFLOAD_LEDGER" } });
  });
});
