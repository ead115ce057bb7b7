import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Secret } from "../../src/config/secret.js";
import type { Ledger } from "../../src/ledger/ledger.js";
import { openPostgresLedger } from "../../src/ledger/postgres/open-postgres-ledger.js";
import type { ReportedDemand } from "../../src/ledger/record-scale-set-message.js";
import { openSqliteLedger } from "../../src/ledger/sqlite/open-sqlite-ledger.js";
import { at, makeFact, makePool, poolRouting } from "../support/ledger-fixtures.js";
import { startPostgresServer, type PostgresServer } from "../support/postgres-server.js";

let server: PostgresServer | null = null;
let dir = "";
const opened: Ledger[] = [];

beforeAll(async () => {
  server = await startPostgresServer();
});
afterAll(async () => {
  await server?.stop();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((ledger) => ledger.close()));
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
  dir = "";
});

const pool = makePool();
const routing = poolRouting(pool);
const demand = (assignedJobs: number, reportedAt: string): ReportedDemand => ({
  poolKey: pool.key, scaleSet: "org:acme|lab-gpu", assignedJobs, runningJobs: 0, availableJobs: 0, registeredRunners: 0, busyRunners: 0, idleRunners: 0, warm: 1, reportedAt,
});

const dialects: [string, () => Promise<Ledger>][] = [
  ["SQLite", async () => {
    dir = mkdtempSync(join(tmpdir(), "offload-scale-set-ledger-"));
    return openSqliteLedger({ path: join(dir, "ledger.db") });
  }],
  ["PostgreSQL", async () => openPostgresLedger({ connectionString: new Secret(await (server as PostgresServer).createDatabase()) })],
];

describe.each(dialects)("the %s ledger's scale-set facts", (_name, open) => {
  const start = async (): Promise<Ledger> => {
    const ledger = await open();
    opened.push(ledger);
    return ledger;
  };

  it("records a message once: the same message delivered again after a crash writes nothing", async () => {
    const ledger = await start();
    const fact = makeFact({ jobId: 71, status: "queued" });
    const message = { scaleSet: "org:acme|lab-gpu", messageId: 4, summary: "JobAssigned×1", facts: [{ fact, routing, reopen: true, note: "assigned to scale set lab-gpu" }], demand: demand(1, at(1)), now: at(1) };

    expect(await ledger.recordScaleSetMessage(message)).toEqual({ duplicate: false, affectsDemand: true });
    expect(await ledger.recordScaleSetMessage({ ...message, now: at(2) })).toEqual({ duplicate: true, affectsDemand: false });

    expect(await ledger.getJob(71)).toMatchObject({ status: "queued", poolKey: pool.key });
    const kinds = (await ledger.jobEvents(71)).map((event) => event.kind);
    expect(kinds).toEqual(["queued", "scale-set"]);
    expect(await ledger.reportedDemand()).toEqual([demand(1, at(1))]);
  });

  it("makes a job queued again when GitHub assigns it after ending an assignment no runner took", async () => {
    const ledger = await start();
    const queued = makeFact({ jobId: 72, status: "queued" });
    await ledger.recordScaleSetMessage({ scaleSet: "s", messageId: 1, summary: "", facts: [{ fact: queued, routing, reopen: true, note: null }], demand: null, now: at(1) });
    const canceled = makeFact({ jobId: 72, status: "completed", conclusion: "cancelled" });
    await ledger.recordScaleSetMessage({ scaleSet: "s", messageId: 2, summary: "", facts: [{ fact: canceled, routing, reopen: false, note: null }], demand: null, now: at(2) });
    expect(await ledger.getJob(72)).toMatchObject({ status: "completed", conclusion: "cancelled" });

    const again = await ledger.recordScaleSetMessage({ scaleSet: "s", messageId: 3, summary: "", facts: [{ fact: queued, routing, reopen: true, note: null }], demand: null, now: at(3) });
    expect(again.affectsDemand).toBe(true);
    expect(await ledger.getJob(72)).toMatchObject({ status: "queued", conclusion: null, completedAt: null });
    const reassigned = (await ledger.jobEvents(72)).filter((event) => event.kind === "scale-set:reassigned");
    expect(reassigned.map((event) => event.detail)).toEqual([expect.stringContaining("reassignment 1 of at most 3")]);
  });

  it("never reopens a job a runner finished", async () => {
    const ledger = await start();
    const finished = makeFact({ jobId: 73, status: "completed", conclusion: "success", runnerName: "offload-1", runnerId: 9 });
    await ledger.recordScaleSetMessage({ scaleSet: "s", messageId: 1, summary: "", facts: [{ fact: finished, routing, reopen: false, note: null }], demand: null, now: at(1) });
    await ledger.recordScaleSetMessage({ scaleSet: "s", messageId: 2, summary: "", facts: [{ fact: makeFact({ jobId: 73, status: "queued" }), routing, reopen: true, note: null }], demand: null, now: at(2) });
    expect(await ledger.getJob(73)).toMatchObject({ status: "completed", conclusion: "success" });
  });

  it("keeps the latest statistics per pool and the session a scale set holds", async () => {
    const ledger = await start();
    await ledger.recordReportedDemand(demand(3, at(1)));
    await ledger.recordReportedDemand(demand(5, at(2)));
    expect(await ledger.reportedDemand()).toEqual([demand(5, at(2))]);

    await ledger.saveScaleSetSession({ scaleSet: "s", scaleSetId: 7, sessionId: "a", openedAt: at(1) });
    await ledger.saveScaleSetSession({ scaleSet: "s", scaleSetId: 7, sessionId: "b", openedAt: at(2) });
    await ledger.forgetScaleSetSession("s", "a");
    expect(await ledger.findScaleSetSession("s")).toEqual({ scaleSet: "s", scaleSetId: 7, sessionId: "b", openedAt: at(2) });
    await ledger.forgetScaleSetSession("s", "b");
    expect(await ledger.findScaleSetSession("s")).toBeNull();
  });
});
