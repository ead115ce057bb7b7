import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../../src/clock/clock.js";
import { Secret } from "../../src/config/secret.js";
import { OffloadError } from "../../src/errors/offload-error.js";
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

/** GitHub answers; the provider is down: every launch fails at HF Jobs. */
const github: GitHubPort = {
  createJitRunner: async () => ({ runnerId: 1, jitConfig: new Secret("jit") }),
  removeRunner: async () => "removed",
  listRunners: async () => [],
  getJob: async () => null,
};
let launches = 0;
const downProvider: Provider = {
  name: "hf-jobs",
  launch: async () => {
    launches++;
    throw new OffloadError("OFFLOAD_PROVIDER_API", "HF Jobs create failed with 503 Service Unavailable for 'acme'");
  },
  inspect: async (id) => ({ id, runnerName: null, state: "gone", message: null, startedAt: null, finishedAt: null }),
  cancel: async () => undefined,
  listOurs: async () => [],
};

async function queue(jobId: number, flavor: string): Promise<void> {
  const pool = makePool({ key: `pool-${flavor}`, flavor, labels: [`hf-jobs-${flavor}`] });
  await ledger?.recordJobFact({ delivery: null, fact: makeFact({ jobId, labels: [`hf-jobs-${flavor}`] }), routing: poolRouting(pool), now: new Date().toISOString() });
}

describe("the reconciler's circuits", () => {
  it("stops launching through a provider after five failures in a row, says why, and reports it", async () => {
    dir = mkdtempSync(join(tmpdir(), "offload-circuits-"));
    ledger = await openSqliteLedger({ path: join(dir, "ledger.db") });
    reconciler = new Reconciler(
      { ledger, github, providers: new Map([["hf-jobs", downProvider]]), clock: systemClock, log: pino({ level: "silent" }), bus: new EventBus(), dispatcherId: "t", runnerCommand: [] },
      { intervalMs: 3_600_000, maxInFlight: 100, settleGraceMs: 0, bootTimeoutMs: 600_000 },
    );
    launches = 0;
    // Five pools, one failed launch each: pool backoff alone would let a sixth pool try again.
    for (const [i, flavor] of ["cpu-basic", "cpu-upgrade", "t4-small", "t4-medium", "a10g-small"].entries()) await queue(1000 + i, flavor);
    await reconciler.pass({ observe: false });
    await reconciler.settled();
    expect(launches).toBe(5);

    await queue(2000, "l4x1");
    const summary = await reconciler.pass({ observe: false });
    await reconciler.settled();

    expect(launches).toBe(5);
    expect(summary.decisions.filter((d) => d.kind === "hold" && d.pool.key === "pool-l4x1")).toMatchObject([
      { reason: expect.stringMatching(/^hf-jobs circuit open after 5 failures in a row \(last: HF Jobs create failed with 503.*\); next try in 30 s$/) },
    ]);
    expect(Object.keys(reconciler.openCircuits())).toEqual(["provider:hf-jobs"]);
  });
});
