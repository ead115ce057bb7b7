/*
 * Not a test: measures `snapshot()` on a SQLite ledger holding 1000 queued jobs and 1000 active
 * runners (the reconciler reads it on every webhook). Run: node --import tsx test/ledger/measure-snapshot.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openSqliteLedger } from "../../src/ledger/sqlite/open-sqlite-ledger.js";
import { at, makeFact, makePool, poolRouting } from "../support/ledger-fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "offload-measure-"));
const ledger = await openSqliteLedger({ path: join(dir, "ledger.db") });
try {
  const pools = Array.from({ length: 20 }, (_, i) => makePool({ key: `repo:o/r${i}|g1|hf-jobs-t4-small` }));
  for (let i = 0; i < 1000; i++) {
    const pool = pools[i % pools.length] ?? makePool();
    await ledger.recordJobFact({ delivery: null, fact: makeFact({ jobId: 60_000_000_000 + i, createdAt: at(i) }), routing: poolRouting(pool), now: at(i) });
    // Finished history is what a long-running ledger mostly holds; the queries must skip it.
    await ledger.recordJobFact({ delivery: null, fact: makeFact({ jobId: 50_000_000_000 + i, status: "completed", conclusion: "success" }), routing: poolRouting(pool), now: at(i) });
  }
  const plans = (prefix: string) => Array.from({ length: 1000 }, (_, i) => ({ name: `${prefix}-${i}`, poolKey: pools[i % pools.length]?.key ?? "", provider: "hf-jobs", forJobId: null }));
  await ledger.claimRunners(plans("active"), at(1));
  await ledger.claimRunners(plans("ended"), at(1));
  for (let i = 0; i < 1000; i++) await ledger.markRunnerEnded(`ended-${i}`, "finished", "done", at(2));

  const measure = async (label: string, between: (i: number) => Promise<unknown>): Promise<void> => {
    const times: number[] = [];
    for (let i = 0; i < 550; i++) {
      await between(i);
      const start = performance.now();
      await ledger.snapshot();
      if (i >= 50) times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const pick = (q: number): string => (times[Math.floor(q * (times.length - 1))] ?? 0).toFixed(2);
    console.log(`${label}: median ${pick(0.5)} ms, p90 ${pick(0.9)} ms, p99 ${pick(0.99)} ms`);
  };
  console.log("snapshot over 1000 queued jobs and 1000 active runners (2000 ended jobs and runners beside)");
  await measure("  back to back", async () => undefined);
  const pool = pools[0] ?? makePool();
  await measure("  after each a queued fact", (i) =>
    ledger.recordJobFact({ delivery: null, fact: makeFact({ jobId: 70_000_000_000 + i, createdAt: at(5000 + i) }), routing: poolRouting(pool), now: at(5000 + i) }),
  );
  await measure("  after each a runner change", (i) => ledger.markRunnerBusy(`active-${i}`, null, at(6000 + i)));
} finally {
  await ledger.close();
  rmSync(dir, { recursive: true, force: true });
}
