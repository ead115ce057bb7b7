import { afterEach, describe, expect, it } from "vitest";
import { startDashboardServer, type DashboardTestServer } from "../support/dashboard-server.js";

describe("GET /api/costs", () => {
  let server: DashboardTestServer;
  afterEach(async () => {
    await server.close();
  });

  async function runnerThatRan(name: string, jobId: number, from: string, busy: string, to: string): Promise<void> {
    const pool = (await server.app.inject({ method: "GET", url: "/api/pools" })).json().pools[0];
    await server.ledger.claimRunners([{ name, poolKey: pool.key, provider: "hf-jobs", forJobId: jobId }], from);
    await server.ledger.markRunnerLaunched(name, `m-${name}`, from);
    await server.ledger.markRunnerBusy(name, jobId, busy);
    await server.ledger.markRunnerEnded(name, "finished", "done", to);
  }

  it("reports a month's cost per runner and per repository, flavor and month, and as CSV", async () => {
    server = await startDashboardServer();
    await server.queueJob(1, { labels: ["hf-jobs-t4-small"] });
    const month = new Date().toISOString().slice(0, 7);
    await runnerThatRan("r-1", 1, `${month}-01T10:00:00.000Z`, `${month}-01T10:00:30.000Z`, `${month}-01T11:00:00.000Z`);

    const answer = (await server.app.inject({ method: "GET", url: `/api/costs?month=${month}` })).json();
    expect(answer.month).toBe(month);
    expect(answer.totalUsd).toBeCloseTo(0.4);
    expect(answer.byFlavor).toEqual({ "t4-small": answer.totalUsd });
    expect(answer.lines[0]).toMatchObject({ runner: "r-1", jobId: 1, flavor: "t4-small", seconds: 3600, coldStartSeconds: 30, gpuMinutes: 60 });

    const csv = await server.app.inject({ method: "GET", url: `/api/costs?month=${month}&format=csv` });
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body.split("\r\n")[1]).toMatch(new RegExp(`^${month},[^,]+/[^,]+,t4-small,1,r-1,3600,30,60.00,0.4000$`));
  });

  it("refuses a month that is not YYYY-MM, naming the query", async () => {
    server = await startDashboardServer();
    const answer = await server.app.inject({ method: "GET", url: "/api/costs?month=December" });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toMatchObject({ code: "OFFLOAD_API_BAD_REQUEST" });
    expect(answer.json().error.message).toContain("month");
  });
});
