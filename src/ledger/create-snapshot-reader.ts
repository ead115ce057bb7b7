import type { DialectProfile } from "./dialect.js";
import type { ReconcileSnapshot, RunnerRecord } from "./records.js";
import { readActiveRunners, readPools, readQueuedJobs } from "./read-snapshot.js";
import { selectRow, type Transition } from "./transition.js";

/** Reads snapshots; `runnersChanged` must be called inside every transaction that may write runners. */
export interface SnapshotReader {
  read(): Transition<ReconcileSnapshot>;
  runnersChanged(): void;
}

/**
 * Reads the reconcile snapshot, reusing the active runners of the previous read when nothing can
 * have changed them. Reading 1000 full runner rows costs several milliseconds on a small machine,
 * and most webhooks move jobs, not runners. "Nothing changed" needs both: no transaction of this
 * ledger touched runners (a generation bumped inside the transaction, so the check and the bump
 * are ordered by the database) and no other connection wrote at all (the dialect's change token;
 * dialects without one always read).
 */
export function createSnapshotReader(dialect: DialectProfile): SnapshotReader {
  let generation = 0;
  let cached: { generation: number; token: string; runners: readonly RunnerRecord[] } | null = null;

  return {
    runnersChanged: () => {
      generation += 1;
    },
    *read() {
      const token = dialect.changeTokenSql === null ? null : JSON.stringify(yield* selectRow(dialect.changeTokenSql));
      let runners = cached !== null && token !== null && cached.generation === generation && cached.token === token ? cached.runners : null;
      if (runners === null) {
        // Frozen because the same records are handed to every later caller until they change.
        runners = Object.freeze((yield* readActiveRunners()).map((r) => Object.freeze(r)));
        cached = token === null ? null : { generation, token, runners };
      }
      const queued = yield* readQueuedJobs();
      const pools = yield* readPools(new Set([...queued.keys(), ...runners.map((r) => r.poolKey)]));
      return { pools, queued, runners };
    },
  };
}
