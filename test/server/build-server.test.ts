import { afterEach, describe, expect, it } from "vitest";
import { FLAVORS } from "../../src/config/flavors.js";
import { configuredEnv, workflowJobBody } from "../support/intake-fixtures.js";
import { startTestServer, type TestServer } from "../support/intake-server.js";

describe("buildServer", () => {
  let server: TestServer;

  afterEach(async () => {
    await server.close();
  });

  const get = (url: string) => server.app.inject({ method: "GET", url });

  it("describes the service at / like the reference dispatcher", async () => {
    server = await startTestServer({ env: configuredEnv({ RUNNER_IMAGE_CUDA13: "nvidia/cuda:13" }) });
    const body = (await get("/")).json();
    expect(body).toMatchObject({ service: "offload", version: expect.any(String), configured: true, supported_image_labels: ["CPU", "CUDA13", "GPU"], missing: [] });
    expect(body.supported_labels).toEqual(FLAVORS.map((flavor) => `hf-jobs-${flavor.name}`).sort());
    expect(body).not.toHaveProperty("next_steps");
  });

  it("says what is missing and what to do next when not configured", async () => {
    server = await startTestServer({ env: configuredEnv({ GH_WEBHOOK_SECRET: undefined }) });
    const body = (await get("/")).json();
    expect(body).toMatchObject({ configured: false, missing: ["GH_WEBHOOK_SECRET"], next_steps: expect.stringContaining("GH_WEBHOOK_SECRET") });
    expect((await get("/healthz")).json()).toEqual({ status: "needs-setup" });
    expect((await get("/healthz")).statusCode).toBe(200);
  });

  it("answers /readyz with the readiness checks, 503 when not ready", async () => {
    server = await startTestServer({ readiness: async () => ({ ready: false, checks: { github: { ok: false, detail: "GH_APP_ID missing" } } }) });
    const response = await get("/readyz");
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ ready: false, checks: { github: { ok: false, detail: "GH_APP_ID missing" } } });
  });

  it("exposes Prometheus metrics fed from the bus and the ledger", async () => {
    server = await startTestServer();
    await server.webhook(workflowJobBody(), { guid: "m-1" });
    await server.webhook(workflowJobBody(), { guid: "m-2", secret: "forged" });
    server.bus.emit("reconcile:pass", { durationMs: 12, launched: 1, cancelled: 0, trigger: "webhook" });
    server.bus.emit("runner:launched", { name: "r1", poolKey: "p", computeId: "c1", forJobId: null });
    server.bus.emit("runner:failed", { name: "r2", poolKey: "p", reason: "boom" });
    const response = await get("/metrics");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/plain");
    const text = response.body;
    expect(text).toContain('offload_webhook_deliveries_total{result="accepted"} 1');
    expect(text).toContain('offload_webhook_deliveries_total{result="rejected"} 1');
    expect(text).toContain('offload_jobs{state="queued",flavor="t4-small"} 1');
    expect(text).toContain('offload_runners{state="planned"} 0');
    expect(text).toContain("offload_reconcile_duration_seconds_count 1");
    expect(text).toContain('offload_runner_launches_total{result="launched"} 1');
    expect(text).toContain('offload_runner_launches_total{result="failed"} 1');
  });

  it("lists jobs with filters, and shows one job with its events and runners", async () => {
    server = await startTestServer();
    await server.webhook(workflowJobBody({ jobId: 1, labels: ["hf-jobs-t4-small"] }), { guid: "a" });
    await server.webhook(workflowJobBody({ jobId: 2, labels: ["ubuntu-latest"] }), { guid: "b" });
    await server.webhook(workflowJobBody({ jobId: 3, action: "completed" }), { guid: "c" });
    const ids = async (url: string) => (await get(url)).json<{ jobs: { jobId: number }[] }>().jobs.map((job) => job.jobId).sort();
    expect(await ids("/api/jobs")).toEqual([1, 2, 3]);
    expect(await ids("/api/jobs?status=queued")).toEqual([1, 2]);
    expect(await ids("/api/jobs?label=ubuntu-latest")).toEqual([2]);
    expect(await ids("/api/jobs?repo=octo-org/hello&limit=1")).toHaveLength(1);
    const one = (await get("/api/jobs/1")).json();
    expect(one).toMatchObject({ job: { jobId: 1, status: "queued" }, runners: [] });
    expect(one.events.length).toBeGreaterThan(0);
    expect((await get("/api/pools")).json().pools).toHaveLength(1);
    expect((await get("/api/runners?active=true")).json()).toEqual({ runners: [] });
  });

  it.each(["/api/jobs/999", "/api/jobs/not-a-number", "/api/jobs/99999999999999999999", "/no/such/page"])("answers 404 for %s", async (url) => {
    server = await startTestServer();
    const response = await get(url);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: "OFFLOAD_NOT_FOUND" } });
  });

  it.each(["/api/jobs?status=running", "/api/jobs?limit=0", "/api/jobs?limit=many", "/api/runners?active=maybe", "/api/deliveries?limit=9999"])("answers 400 for %s", async (url) => {
    server = await startTestServer();
    const response = await get(url);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: "OFFLOAD_API_BAD_REQUEST" } });
  });

  it("answers the API with 503 while the ledger is not open, and stays healthy", async () => {
    server = await startTestServer({ withLedger: false });
    expect((await get("/api/jobs")).statusCode).toBe(503);
    expect((await get("/metrics")).statusCode).toBe(200);
    expect((await get("/healthz")).json()).toEqual({ status: "ok" });
  });

  it("serves real HTTP on a loopback port", async () => {
    server = await startTestServer();
    const address = await server.app.listen({ host: "127.0.0.1", port: 0 });
    const response = await fetch(`${address}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });
});
