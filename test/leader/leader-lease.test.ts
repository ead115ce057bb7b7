import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../src/clock/clock.js";
import { Secret } from "../../src/config/secret.js";
import { EventBus } from "../../src/events/event-bus.js";
import { createLeaderLease, type LeaderLease } from "../../src/leader/leader-lease.js";
import type { Ledger } from "../../src/ledger/ledger.js";
import { openPostgresLedger } from "../../src/ledger/postgres/open-postgres-ledger.js";
import { startPostgresServer, type PostgresServer } from "../support/postgres-server.js";
import { waitUntil } from "../support/wait-until.js";

let server: PostgresServer;
const leases: LeaderLease[] = [];
const ledgers: Ledger[] = [];

beforeAll(async () => {
  server = await startPostgresServer();
});
afterEach(async () => {
  await Promise.all(leases.splice(0).map((lease) => lease.stop()));
  await Promise.all(ledgers.splice(0).map((ledger) => ledger.close()));
  timeline = [];
});
afterAll(async () => {
  await server.stop();
});

interface Replica {
  readonly lease: LeaderLease;
  readonly ledger: Ledger;
  /** What the duties saw: `elected` / `elected at start` / `deposed`, in order. */
  readonly duties: string[];
}

/** Every replica's duty changes, in the order they happened. */
let timeline: string[] = [];

async function replica(url: string, holder: string, single = false): Promise<Replica> {
  const ledger = await openPostgresLedger({ connectionString: new Secret(url) });
  ledgers.push(ledger);
  const duties: string[] = [];
  const lease = createLeaderLease({
    ledger, holder, single, ttlMs: 1500, renewMs: 200, clock: systemClock, log: pino({ level: "silent" }), bus: new EventBus(),
    duties: {
      onElected: async (atStart) => {
        duties.push(atStart ? "elected at start" : "elected");
        timeline.push(`${holder} elected`);
      },
      onDeposed: async () => {
        duties.push("deposed");
        timeline.push(`${holder} deposed`);
      },
    },
  });
  leases.push(lease);
  return { lease, ledger, duties };
}

describe("leader election among replicas", () => {
  it("elects exactly one of two replicas that start together, and the other follows", async () => {
    const url = await server.createDatabase();
    const [a, b] = await Promise.all([replica(url, "a"), replica(url, "b")]);
    await Promise.all([a.lease.start(), b.lease.start()]);
    expect([a.lease.isLeader(), b.lease.isLeader()].filter(Boolean)).toHaveLength(1);
    const [leader, follower] = a.lease.isLeader() ? [a, b] : [b, a];
    expect(leader.duties).toEqual(["elected at start"]);
    expect(follower.lease.describe()).toMatch(new RegExp(`^follower \\(leader: ${leader.lease.holder}, lease until `));
  });

  it("hands over at once when the leader stops cleanly", async () => {
    const url = await server.createDatabase();
    const a = await replica(url, "a");
    await a.lease.start();
    const b = await replica(url, "b");
    await b.lease.start();
    expect(b.lease.isLeader()).toBe(false);
    await a.lease.stop();
    expect(a.duties).toEqual(["elected at start", "deposed"]);
    await waitUntil("the follower took over", () => b.lease.isLeader());
    expect(b.duties).toEqual(["elected"]);
  });

  it("lets a leader that lost its database step down before its lease lapses, and another take over", async () => {
    const url = await server.createDatabase();
    const a = await replica(url, "a");
    await a.lease.start();
    const b = await replica(url, "b");
    await b.lease.start();
    await a.ledger.close();
    await waitUntil("the other replica took over after the lease expired", () => b.lease.isLeader());
    // The cut-off leader stepped down while its lease still held, so the two never led at once.
    expect(timeline).toEqual(["a elected", "a deposed", "b elected"]);
  });

  it("is held from the start without asking the database when one process owns the ledger", async () => {
    const url = await server.createDatabase();
    const a = await replica(url, "a", true);
    await a.lease.start();
    expect(a.lease.isLeader()).toBe(true);
    expect(a.lease.describe()).toBe("leader (one process owns the SQLite ledger)");
  });
});
