import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../../src/clock/clock.js";
import { Secret } from "../../src/config/secret.js";
import { EventBus } from "../../src/events/event-bus.js";
import type { GitHubPort } from "../../src/github/github-port.js";
import type { Ledger } from "../../src/ledger/ledger.js";
import { openSqliteLedger } from "../../src/ledger/sqlite/open-sqlite-ledger.js";
import type { Provider } from "../../src/providers/provider.js";
import { Reconciler } from "../../src/reconciler/reconciler.js";
import { makeFact, makePool, poolRouting } from "../support/ledger-fixtures.js";

let dir = "";
let ledger: Ledger | null = null;
let reconciler: Reconciler | null = null;

afterEach(async () => {
  await reconciler?.stop();
  await ledger?.close();
  rmSync(dir, { recursive: true, force: true });
});

const github: GitHubPort = {
  createJitRunner: async () => ({ runnerId: 1, jitConfig: new Secret("jit") }),
  removeRunner: async () => "removed",
  listRunners: async () => [],
  getJob: async () => null,
};
let launches = 0;
const provider: Provider = {
  name: "hf-jobs",
  launch: async () => ({ id: `m-${++launches}` }),
  inspect: async (id) => ({ id, runnerName: null, state: "running", message: null, startedAt: null, finishedAt: null }),
  cancel: async () => undefined,
  listOurs: async () => [],
};
const POOL = makePool();

async function start(): Promise<{ ledger: Ledger; reconciler: Reconciler; bus: EventBus }> {
  dir = mkdtempSync(join(tmpdir(), "offload-retry-"));
  ledger = await openSqliteLedger({ path: join(dir, "ledger.db") });
  const bus = new EventBus();
  reconciler = new Reconciler(
    { ledger, github, providers: new Map([["hf-jobs", provider]]), clock: systemClock, log: pino({ level: "silent" }), bus, dispatcherId: "t", runnerCommand: [] },
    { intervalMs: 3_600_000, maxInFlight: 100, settleGraceMs: 0, bootTimeoutMs: 600_000 },
  );
  launches = 0;
  await ledger.recordJobFact({ delivery: null, fact: makeFact({ jobId: 1 }), routing: poolRouting(POOL), now: new Date().toISOString() });
  // Stuck: five failed launches, next try in 30 minutes.
  await ledger.recordPoolFailure(POOL.key, "HF Jobs create failed with 403", new Date(Date.now() + 1_800_000).toISOString(), new Date().toISOString());
  for (let i = 0; i < 4; i++) await ledger.recordPoolFailure(POOL.key, "HF Jobs create failed with 403", new Date(Date.now() + 1_800_000).toISOString(), new Date().toISOString());
  return { ledger, reconciler, bus };
}

describe("cutting a backoff short", () => {
  it("holds a stuck pool until a person retries it, then launches at once", async () => {
    const { reconciler, bus } = await start();
    const held = await reconciler.pass({ observe: false });
    expect(held.decisions).toMatchObject([{ kind: "hold", hold: "stuck", reason: expect.stringMatching(/^stuck after 5 failed launches \(last: HF Jobs create failed with 403\); next try at \d\d:\d\d:\d\d UTC; `offload retry` tries now$/) }]);
    expect(launches).toBe(0);

    reconciler.start();
    const launched = bus.waitFor("runner:launched");
    expect(await reconciler.retry(POOL.key)).toMatchObject({ key: POOL.key, failures: 0, retryAt: null });
    await launched;
    expect(launches).toBe(1);
    expect(await reconciler.retry("no-such-pool")).toBeNull();
  });

  it("clears stuck pools when the dispatcher starts with another launch configuration, and only then", async () => {
    const { ledger, reconciler } = await start();
    expect(await reconciler.noteLaunchConfig("sha256:first")).toEqual([]);
    expect(await reconciler.noteLaunchConfig("sha256:first")).toEqual([]);
    expect((await ledger.listPools())[0]).toMatchObject({ failures: 5 });
    expect(await reconciler.noteLaunchConfig("sha256:new-token")).toEqual([POOL.key]);
    expect((await ledger.listPools())[0]).toMatchObject({ failures: 0, retryAt: null, lastError: null });
  });
});
