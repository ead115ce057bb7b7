import { afterEach, describe, expect, it } from "vitest";
import { startDashboardServer, type DashboardTestServer } from "../support/dashboard-server.js";

describe("one meaning of queued, and retrying a pool", () => {
  let server: DashboardTestServer;

  afterEach(async () => {
    await server.close();
  });

  it("counts as queued only jobs offload will run: refused jobs apart with their reason, others not at all", async () => {
    server = await startDashboardServer();
    await server.queueJob(1);
    await server.queueJob(2, { labels: ["hf-jobs-no-such-flavor"] });
    await server.queueJob(3, { labels: ["ubuntu-latest"] });
    const answer = (await server.app.inject({ method: "GET", url: "/api/pools" })).json();
    expect(answer.queued).toBe(1);
    expect(answer.refused).toEqual([{ reason: expect.stringContaining("no-such-flavor"), count: 1 }]);
    const metrics = (await server.app.inject({ method: "GET", url: "/metrics" })).body;
    expect(metrics).toContain('offload_jobs{state="queued",flavor="t4-small"} 1');
    expect(metrics).toMatch(/offload_refused_jobs\{reason="[^"]*no-such-flavor[^"]*"\} 1/);
    expect(metrics).not.toMatch(/offload_jobs\{state="queued",flavor=""\} [1-9]/);
    const page = (await server.app.inject({ method: "GET", url: "/dashboard/sections/summary", headers: { accept: "text/html" } })).body;
    expect(page).toMatch(/id="count-queued">1</);
    expect(page).toMatch(/id="count-refused">1</);
  });

  it("shows a pool's next try as a time and ends its backoff on POST /api/pools/{key}/retry", async () => {
    const retried: string[] = [];
    server = await startDashboardServer({
      retryPool: async (key) => {
        retried.push(key);
        return key === "nope" ? null : { key };
      },
    });
    await server.queueJob(1);
    const [pool] = (await server.app.inject({ method: "GET", url: "/api/pools" })).json().pools;
    const retryAt = new Date(Date.now() + 60_000).toISOString();
    await server.ledger.recordPoolFailure(pool.key, "HF Jobs create failed with 403", retryAt, new Date().toISOString());
    const [held] = (await server.app.inject({ method: "GET", url: "/api/pools" })).json().pools;
    expect(held).toMatchObject({ key: pool.key, nextTryAt: retryAt, failures: 1 });
    const section = (await server.app.inject({ method: "GET", url: "/dashboard/sections/pools", headers: { accept: "text/html" } })).body;
    expect(section).toContain(`next try at <time datetime="${retryAt}">${retryAt.slice(11, 19)} UTC</time>`);
    expect(section).toContain("Retry now");

    const ok = await server.app.inject({ method: "POST", url: `/api/pools/${encodeURIComponent(pool.key)}/retry` });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ poolKey: pool.key, detail: "backoff cleared: the pool launches now" });
    expect(retried).toEqual([pool.key]);
    const missing = await server.app.inject({ method: "POST", url: "/api/pools/nope/retry" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe("OFFLOAD_NOT_FOUND");
  });

  it("answers 501 when no reconciler runs", async () => {
    server = await startDashboardServer();
    const answer = await server.app.inject({ method: "POST", url: "/api/pools/any/retry" });
    expect(answer.statusCode).toBe(501);
  });
});
