import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Secret } from "../../src/config/secret.js";
import type { Ledger } from "../../src/ledger/ledger.js";
import { openPostgresLedger } from "../../src/ledger/postgres/open-postgres-ledger.js";
import { openSqliteLedger } from "../../src/ledger/sqlite/open-sqlite-ledger.js";
import { startPostgresServer, type PostgresServer } from "../support/postgres-server.js";

let server: PostgresServer;
const opened: Ledger[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  server = await startPostgresServer();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((ledger) => ledger.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
afterAll(async () => {
  await server.stop();
});

const T0 = Date.parse("2026-01-01T00:00:00.000Z");
const iso = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();
const ask = (ledger: Ledger, holder: string, atSeconds: number, ttlSeconds = 10) =>
  ledger.acquireLease({ name: "leader", holder, now: iso(atSeconds), expiresAt: iso(atSeconds + ttlSeconds) });

const dialects: { name: string; open: () => Promise<[Ledger, Ledger]> }[] = [
  {
    name: "SQLite",
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), "offload-lease-"));
      dirs.push(dir);
      const path = join(dir, "ledger.db");
      const a = await openSqliteLedger({ path });
      const b = await openSqliteLedger({ path });
      opened.push(a, b);
      return [a, b];
    },
  },
  {
    name: "PostgreSQL",
    open: async () => {
      const url = new Secret(await server.createDatabase());
      const a = await openPostgresLedger({ connectionString: url });
      const b = await openPostgresLedger({ connectionString: url });
      opened.push(a, b);
      return [a, b];
    },
  },
];

describe.each(dialects)("the leader lease on $name", ({ open }) => {
  it("goes to the first replica that asks, and is renewed by it while the other is refused", async () => {
    const [a, b] = await open();
    expect((await ask(a, "a", 0)).holder).toBe("a");
    expect((await ask(b, "b", 1)).holder).toBe("a");
    const renewed = await ask(a, "a", 3);
    expect(renewed).toEqual({ name: "leader", holder: "a", acquiredAt: iso(0), expiresAt: iso(13) });
    expect((await ask(b, "b", 12)).holder).toBe("a");
  });

  it("passes to another replica once the holder stopped renewing and it expired", async () => {
    const [a, b] = await open();
    await ask(a, "a", 0);
    const taken = await ask(b, "b", 10);
    expect(taken).toEqual({ name: "leader", holder: "b", acquiredAt: iso(10), expiresAt: iso(20) });
    // The old holder, back from a stall, finds it taken.
    expect((await ask(a, "a", 11)).holder).toBe("b");
  });

  it("is free at once when its holder releases it, and only its holder can", async () => {
    const [a, b] = await open();
    await ask(a, "a", 0);
    expect(await b.releaseLease("leader", "b")).toBe(false);
    expect(await a.releaseLease("leader", "a")).toBe(true);
    expect((await ask(b, "b", 1)).holder).toBe("b");
  });

  it("has exactly one holder when many replicas ask at the same moment", async () => {
    const [a, b] = await open();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(i % 2 === 0 ? a : b, `r${i}`, 0)));
    expect(new Set(answers.map((lease) => lease.holder)).size).toBe(1);
  });
});
