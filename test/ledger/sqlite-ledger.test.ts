import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isOffloadError } from "../../src/errors/offload-error.js";
import { sqliteProfile } from "../../src/ledger/dialect.js";
import type { Ledger } from "../../src/ledger/ledger.js";
import { migrateLedger } from "../../src/ledger/migrate-ledger.js";
import { LEDGER_MIGRATIONS } from "../../src/ledger/migrations/index.js";
import { openLedger, SQLITE_LEDGER_FILE } from "../../src/ledger/open-ledger.js";
import { openSqliteLedger } from "../../src/ledger/sqlite/open-sqlite-ledger.js";
import { makeDelivery } from "../support/ledger-fixtures.js";
import { describeLedgerContract } from "./ledger-contract.js";

let dir = "";
let counter = 0;
let path = "";
const opened: Ledger[] = [];
const kyselys: Kysely<unknown>[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "offload-ledger-"));
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((l) => l.close()));
  await Promise.all(kyselys.splice(0).map((k) => k.destroy()));
  rmSync(dir, { recursive: true, force: true });
});

describe("the SQLite ledger", () => {
  describeLedgerContract({
    open: () => openSqliteLedger({ path: (path = join(dir, `ledger-${++counter}.db`)) }),
    reopen: () => openSqliteLedger({ path }),
  });
});

describe("opening a SQLite ledger", () => {
  const openAt = async (file: string): Promise<Ledger> => {
    const ledger = await openSqliteLedger({ path: file });
    opened.push(ledger);
    return ledger;
  };
  const kyselyAt = (file: string): Kysely<unknown> => {
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    kyselys.push(db);
    return db;
  };

  it("creates the file's directory and uses WAL", async () => {
    const file = join(dir, "nested", "deeper", "offload.db");
    await openAt(file);
    const check = new Database(file, { readonly: true });
    try {
      expect(check.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      check.close();
    }
  });

  it("applies no migration to a file that is already current", async () => {
    const file = join(dir, "offload.db");
    const ledger = await openAt(file);
    await ledger.close();
    await openAt(file);
    expect(await migrateLedger(kyselyAt(file), sqliteProfile)).toEqual([]);
    const rows = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(kyselyAt(file));
    expect(rows.rows.map((r) => r.name)).toEqual(LEDGER_MIGRATIONS.map((m) => m.name));
  });

  it("upgrades a file written by an older version, keeping its data", async () => {
    const file = join(dir, "offload.db");
    const db = kyselyAt(file);
    expect(await migrateLedger(db, sqliteProfile, LEDGER_MIGRATIONS)).toEqual(LEDGER_MIGRATIONS.map((m) => m.name));
    const next = { name: "999-test-column", up: (k: Kysely<unknown>) => k.schema.alterTable("pools").addColumn("note", "text").execute() };
    await sql`insert into pools (key, scope, runner_group_id, labels, provider, flavor, image, timeout_seconds, updated_at)
      values ('k', '{}', 1, '[]', 'local', 'cpu', 'img', 60, 'now')`.execute(db);
    expect(await migrateLedger(db, sqliteProfile, [...LEDGER_MIGRATIONS, next])).toEqual(["999-test-column"]);
    const rows = await sql<{ key: string; note: string | null }>`select key, note from pools`.execute(db);
    expect(rows.rows).toEqual([{ key: "k", note: null }]);
  });

  it("fails with OFFLOAD_LEDGER naming the path when the directory cannot be created", async () => {
    const blocker = join(dir, "a-file");
    writeFileSync(blocker, "not a directory");
    const failure = openSqliteLedger({ path: join(blocker, "offload.db") });
    await expect(failure).rejects.toSatisfy((e: unknown) => isOffloadError(e, "OFFLOAD_LEDGER") && e.message.includes(blocker) && e.cause !== undefined);
  });

  it("fails with OFFLOAD_LEDGER when the file is not an offload ledger", async () => {
    const file = join(dir, "garbage.db");
    writeFileSync(file, "this is not a database, it is a text file long enough to be read as a header page");
    await expect(openSqliteLedger({ path: file })).rejects.toSatisfy((e: unknown) => isOffloadError(e, "OFFLOAD_LEDGER"));
  });

  it("wraps a database failure during a call as OFFLOAD_LEDGER with its cause", async () => {
    const file = join(dir, "offload.db");
    const ledger = await openAt(file);
    await sql`drop table job_events`.execute(kyselyAt(file));
    const failure = ledger.jobEvents(1);
    await expect(failure).rejects.toSatisfy(
      (e: unknown) => isOffloadError(e, "OFFLOAD_LEDGER") && e.message.startsWith("Reading the history of job '1' in the SQLite ledger") && e.cause instanceof Error,
    );
  });

  it("sees runner changes another process made after an earlier snapshot", async () => {
    const file = join(dir, "offload.db");
    const dispatcher = await openAt(file);
    const other = await openAt(file);
    await dispatcher.claimRunners([{ name: "r1", poolKey: "p", provider: "local", forJobId: null }], "2025-01-01T00:00:00.000Z");
    expect((await dispatcher.snapshot()).runners).toHaveLength(1);
    await other.markRunnerEnded("r1", "cancelled", "removed by hand", "2025-01-01T00:00:01.000Z");
    expect((await dispatcher.snapshot()).runners).toHaveLength(0);
  });

  it("commits the writes asked for in one turn together", async () => {
    const file = join(dir, "group.db");
    const ledger = await openAt(file);
    const observer = new Database(file);
    observer.pragma("wal_checkpoint(TRUNCATE)");
    await Promise.all(Array.from({ length: 20 }, (_, i) => ledger.recordDelivery(makeDelivery(`g-${i}`))));
    // Every commit appends at least one frame to the WAL: fewer frames than writes means shared commits.
    const [{ log }] = observer.pragma("wal_checkpoint(PASSIVE)") as [{ log: number }];
    expect(log).toBeGreaterThan(0);
    expect(log).toBeLessThan(20);
    observer.close();
  });

  it("tells onCommit how many writes each commit carried", async () => {
    const commits: { writes: number; durationMs: number }[] = [];
    const ledger = await openSqliteLedger({ path: join(dir, "observed.db"), onCommit: (commit) => commits.push(commit) });
    opened.push(ledger);
    await Promise.all(Array.from({ length: 7 }, (_, i) => ledger.recordDelivery(makeDelivery(`o-${i}`))));
    await ledger.recordDelivery(makeDelivery("o-alone"));
    expect(commits.map((c) => c.writes)).toEqual([7, 1]);
    expect(commits.every((c) => c.durationMs >= 0)).toBe(true);
  });

  it("commits the writes still waiting for their turn before it closes", async () => {
    const file = join(dir, "closing.db");
    const ledger = await openSqliteLedger({ path: file });
    const writes = [ledger.recordDelivery(makeDelivery("late-1")), ledger.recordDelivery(makeDelivery("late-2"))];
    await ledger.close();
    await Promise.all(writes);
    const reopened = await openAt(file);
    expect(await reopened.recordDelivery(makeDelivery("late-2"))).toMatchObject({ duplicate: true });
  });

  it("works in memory for throwaway uses", async () => {
    const ledger = await openAt(":memory:");
    expect(await ledger.ping()).toBe(true);
  });
});

describe("openLedger", () => {
  it("opens SQLite in the data directory when no database URL is set", async () => {
    const ledger = await openLedger({ dataDir: join(dir, "data"), databaseUrl: null, log: pino({ level: "silent" }) });
    opened.push(ledger);
    expect(await ledger.ping()).toBe(true);
    expect(existsSync(join(dir, "data", SQLITE_LEDGER_FILE))).toBe(true);
  });
});
