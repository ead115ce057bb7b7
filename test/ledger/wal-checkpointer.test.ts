import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteLedger } from "../../src/ledger/sqlite/open-sqlite-ledger.js";
import { startWalCheckpointer, type WalCheckpointer } from "../../src/ledger/sqlite/start-wal-checkpointer.js";

const dirs: string[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function newFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "offload-wal-"));
  dirs.push(dir);
  return join(dir, "offload.db");
}

/** A WAL database whose own connection never checkpoints, as the dispatcher's almost never does. */
function openWriter(path: string): { database: Database.Database; write: (rows: number) => void } {
  const database = new Database(path);
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("wal_autocheckpoint = 0");
  database.exec("create table if not exists facts (id integer primary key, body text not null)");
  const insert = database.prepare("insert into facts (body) values (?)");
  const one = database.transaction((body: string) => insert.run(body));
  cleanups.push(() => void database.close());
  return { database, write: (rows) => { for (let i = 0; i < rows; i++) one.immediate(`fact ${i} `.padEnd(300, "x")); } };
}

function start(path: string, problems: string[] = []): WalCheckpointer {
  const checkpointer = startWalCheckpointer({ path, intervalMs: 60_000, onProblem: (reason) => problems.push(reason), onFailure: (reason) => problems.push(reason) });
  cleanups.push(() => checkpointer.stop());
  return checkpointer;
}

describe("the background WAL checkpointer", () => {
  it("copies every committed frame into the database file from its own thread", async () => {
    const path = newFile();
    const writer = openWriter(path);
    writer.write(500);
    const problems: string[] = [];
    const result = await start(path, problems).checkpointNow();
    expect(result.log).toBeGreaterThan(0);
    expect(result.checkpointed).toBe(result.log);
    expect(problems).toEqual([]);
    // The database file alone now holds the facts: a copy without the WAL reads them all.
    const copy = new Database(path, { readonly: true });
    cleanups.push(() => void copy.close());
    expect(copy.prepare("select count(*) as n from facts").get()).toEqual({ n: 500 });
  });

  it("keeps the WAL file from growing while the writer goes on committing", async () => {
    const path = newFile();
    const writer = openWriter(path);
    const checkpointer = start(path);
    writer.write(500);
    await checkpointer.checkpointNow();
    const afterFirst = statSync(`${path}-wal`).size;
    for (let round = 0; round < 4; round++) {
      writer.write(500);
      await checkpointer.checkpointNow();
    }
    // Each round reuses the WAL from its start instead of appending 500 more transactions.
    expect(statSync(`${path}-wal`).size).toBeLessThanOrEqual(afterFirst);
    expect(writer.database.prepare("select count(*) as n from facts").get()).toEqual({ n: 2500 });
  });

  it("stops its worker on request, and refuses checkpoints after that", async () => {
    const path = newFile();
    openWriter(path);
    const problems: string[] = [];
    const checkpointer = startWalCheckpointer({ path, intervalMs: 60_000, onProblem: (reason) => problems.push(reason), onFailure: (reason) => problems.push(reason) });
    await checkpointer.stop();
    await expect(checkpointer.checkpointNow()).rejects.toThrow(/WAL checkpointer: stopped/);
    expect(problems).toEqual([]);
  });

  it("tells its owner when the worker cannot open the database, so commits checkpoint again", async () => {
    const failures: string[] = [];
    const failed = new Promise<void>((resolve) => {
      const checkpointer = startWalCheckpointer({
        path: join(newFile(), "no-such-dir", "offload.db"),
        intervalMs: 60_000,
        onProblem: () => undefined,
        onFailure: (reason) => {
          failures.push(reason);
          resolve();
        },
      });
      cleanups.push(() => checkpointer.stop());
    });
    await failed;
    expect(failures[0]).toMatch(/worker (failed|exited)/);
  });
});

describe("the SQLite ledger with background checkpoints", () => {
  it("keeps what it recorded across a close and reopen, and close ends the worker", async () => {
    const path = newFile();
    const log = pino({ level: "silent" });
    const ledger = await openSqliteLedger({ path, backgroundCheckpoints: { log } });
    for (let i = 0; i < 50; i++) {
      await ledger.recordDelivery({ guid: `d-${i}`, event: "ping", action: null, receivedAt: new Date(0).toISOString(), result: "accepted", reason: "ping", jobId: null });
    }
    await ledger.close();
    const reopened = await openSqliteLedger({ path });
    cleanups.push(() => reopened.close());
    expect((await reopened.recordDelivery({ guid: "d-7", event: "ping", action: null, receivedAt: new Date(0).toISOString(), result: "accepted", reason: "ping", jobId: null })).duplicate).toBe(true);
  });
});
