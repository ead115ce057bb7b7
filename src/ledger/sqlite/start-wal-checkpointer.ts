import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** What one `wal_checkpoint(PASSIVE)` reported: frames in the WAL, and how many are now in the database file. */
export interface CheckpointResult {
  readonly log: number;
  readonly checkpointed: number;
}

export interface WalCheckpointer {
  /** Runs a checkpoint now, on the worker, and says what it did. */
  checkpointNow(): Promise<CheckpointResult>;
  /** Stops the worker and closes its connection; resolves once it has exited. */
  stop(): Promise<void>;
}

export interface WalCheckpointerOptions {
  /** The database file, already in WAL mode. */
  readonly path: string;
  /** How often the worker checkpoints on its own. */
  readonly intervalMs: number;
  /** One checkpoint failed (the next one tries again). */
  readonly onProblem: (reason: string) => void;
  /** The worker failed or exited on its own: whoever opened it should checkpoint again. */
  readonly onFailure: (reason: string) => void;
}

/**
 * The worker's whole program, run from source (`eval`) so that it needs no TypeScript loader. It
 * opens its own connection and answers `checkpoint` messages; a timer asks it too.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.library);
const database = new Database(workerData.path);
database.pragma("busy_timeout = 1000");
const checkpoint = () => {
  const [row] = database.pragma("wal_checkpoint(PASSIVE)");
  return { log: row.log, checkpointed: row.checkpointed };
};
const timer = setInterval(() => {
  try { checkpoint(); } catch (error) { parentPort.postMessage({ kind: "problem", message: String(error && error.message || error) }); }
}, workerData.intervalMs);
parentPort.on("message", (message) => {
  if (message.kind === "stop") {
    clearInterval(timer);
    database.close();
    parentPort.close();
    return;
  }
  try { parentPort.postMessage({ kind: "done", id: message.id, result: checkpoint() }); }
  catch (error) { parentPort.postMessage({ kind: "done", id: message.id, error: String(error && error.message || error) }); }
});
`;

/**
 * Checkpoints a WAL database from a worker thread with its own connection. SQLite's automatic
 * checkpoint runs inside whichever commit crosses 1000 pages: it copies the WAL into the database
 * and syncs it, on the dispatcher's only thread, holding webhooks for 5-27 ms (dispatch benchmark:
 * transaction p99 4-7.6 ms with it, 0.3-1.6 ms without). A PASSIVE checkpoint runs beside writers
 * in WAL mode, so the worker's copy and sync take nothing from the event loop.
 */
export function startWalCheckpointer(options: WalCheckpointerOptions): WalCheckpointer {
  const library = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { library, path: options.path, intervalMs: options.intervalMs } });
  // An idle checkpointer must not keep a finished process alive.
  worker.unref();
  const waiting = new Map<number, { resolve: (result: CheckpointResult) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let stopping = false;
  let failed: string | null = null;
  const fail = (reason: string): void => {
    if (stopping || failed !== null) return;
    failed = reason;
    for (const { reject } of waiting.values()) reject(new Error(`WAL checkpointer: ${reason}`));
    waiting.clear();
    options.onFailure(reason);
  };
  worker.on("message", (message: WorkerMessage) => {
    if (message.kind === "problem") return void options.onProblem(`checkpoint failed: ${message.message}`);
    const pending = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error !== undefined) pending?.reject(new Error(`WAL checkpoint failed: ${message.error}`));
    else if (message.result !== undefined) pending?.resolve(message.result);
  });
  worker.on("error", (error) => fail(`worker failed: ${error.message}`));
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  void exited.then(() => fail("worker exited"));
  return {
    checkpointNow: () =>
      new Promise<CheckpointResult>((resolve, reject) => {
        if (failed !== null || stopping) return reject(new Error(`WAL checkpointer: ${failed ?? "stopped"}`));
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ kind: "checkpoint", id });
      }),
    stop: async () => {
      stopping = true;
      // Whoever awaits the stop must be kept alive until the worker exited: with the worker still
      // unref'd, a process whose other handles were already closed (`offload serve` restarting
      // after the setup wizard) ended with code 0 in the middle of this await (issue 9).
      worker.ref();
      worker.postMessage({ kind: "stop" });
      await exited;
    },
  };
}

type WorkerMessage =
  | { readonly kind: "problem"; readonly message: string }
  | { readonly kind: "done"; readonly id: number; readonly result?: CheckpointResult; readonly error?: string };
