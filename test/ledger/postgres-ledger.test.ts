import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Secret } from "../../src/config/secret.js";
import { isOffloadError } from "../../src/errors/offload-error.js";
import type { Ledger } from "../../src/ledger/ledger.js";
import { openPostgresLedger } from "../../src/ledger/postgres/open-postgres-ledger.js";
import type { JobStatus } from "../../src/intake/job-fact.js";
import { at, BIG_JOB_ID, makeDelivery, makeFact, poolRouting } from "../support/ledger-fixtures.js";
import { startPostgresServer, type PostgresServer } from "../support/postgres-server.js";
import { describeLedgerContract } from "./ledger-contract.js";
import { describeRunsContract } from "./ledger-runs-contract.js";

let server: PostgresServer | undefined;
const opened: Ledger[] = [];

beforeAll(async () => {
  server = await startPostgresServer();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((l) => l.close()));
});
afterAll(async () => {
  await server?.stop();
});

function running(): PostgresServer {
  if (server === undefined) throw new Error("PostgreSQL did not start; see the error of beforeAll");
  return server;
}

const openAt = async (url: string): Promise<Ledger> => {
  const ledger = await openPostgresLedger({ connectionString: new Secret(url) });
  opened.push(ledger);
  return ledger;
};

describe("the PostgreSQL ledger", () => {
  let url = "";
  const harness = {
    open: async () => openPostgresLedger({ connectionString: new Secret((url = await running().createDatabase())) }),
    reopen: () => openPostgresLedger({ connectionString: new Secret(url) }),
  };
  describeLedgerContract(harness);
  describeRunsContract(harness);
});

describe("several dispatcher replicas on one PostgreSQL", () => {
  it("migrate once when they start together", async () => {
    const url = await running().createDatabase();
    const replicas = await Promise.all([openAt(url), openAt(url), openAt(url)]);
    expect(await Promise.all(replicas.map((r) => r.ping()))).toEqual([true, true, true]);
  });

  it("agree on one job when they record its facts at the same time", async () => {
    const url = await running().createDatabase();
    const [a, b] = await Promise.all([openAt(url), openAt(url)]);
    const statuses: JobStatus[] = ["queued", "in_progress", "waiting", "completed", "queued", "in_progress"];
    const outcomes = await Promise.all(
      statuses.flatMap((status, i) =>
        [a, b].map((ledger, j) =>
          ledger.recordJobFact({
            delivery: makeDelivery(`r${i}`, { action: status }),
            fact: makeFact({ status, runnerName: status === "in_progress" || status === "completed" ? "r1" : null }),
            routing: poolRouting(),
            now: at(i * 2 + j),
          }),
        ),
      ),
    );
    expect(outcomes.filter((o) => o.duplicate)).toHaveLength(statuses.length);
    expect((await a.getJob(BIG_JOB_ID))?.status).toBe("completed");
    expect(await b.jobEvents(BIG_JOB_ID)).toHaveLength(statuses.length);
  });

  it("refuse a runner name two replicas claim at the same time, once", async () => {
    const url = await running().createDatabase();
    const [a, b] = await Promise.all([openAt(url), openAt(url)]);
    const plan = [{ name: "offload-1", poolKey: "p", provider: "local", forJobId: null }];
    const results = await Promise.allSettled([a.claimRunners(plan, at(1)), b.claimRunners(plan, at(1))]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(isOffloadError(rejected?.reason, "OFFLOAD_LEDGER")).toBe(true);
  });
});

describe("opening a PostgreSQL ledger", () => {
  it("fails with OFFLOAD_LEDGER that names the server but never the password", async () => {
    const url = await running().unreachableUrl();
    const failure = openPostgresLedger({ connectionString: new Secret(url) });
    await expect(failure).rejects.toSatisfy(
      (e: unknown) => isOffloadError(e, "OFFLOAD_LEDGER") && e.message.includes("127.0.0.1:") && !e.message.includes("hunter2") && !JSON.stringify(e).includes("hunter2"),
    );
  });
});
