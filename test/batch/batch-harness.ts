import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Secret } from "../../src/config/secret.js";
import { createBatchStore, type BatchStore } from "../../src/batch/batch-store.js";
import { connectBatchGitHub, type BatchGitHub } from "../../src/app/connect-batch-github.js";
import { followBatch, type BatchResult } from "../../src/batch/follow-batch.js";
import { submitBatch, type BatchSubmission } from "../../src/batch/submit-batch.js";
import { startGitHubSim, type GitHubSim } from "../../src/sim/github/start-github-sim.js";

/** A GitHub simulator, a personal token on it, a temp folder for state and results. */
export interface BatchHarness {
  readonly sim: GitHubSim;
  readonly token: string;
  readonly github: BatchGitHub;
  readonly store: BatchStore;
  readonly dir: string;
  submitAndFollow(input: Partial<Omit<BatchSubmission, "script">> & { script: string }, options?: { out?: string | null; timeoutMs?: number; signal?: AbortSignal }): Promise<BatchResult>;
  close(): Promise<void>;
}

export async function startBatchHarness(): Promise<BatchHarness> {
  const sim = await startGitHubSim();
  const token = sim.batch.createUserToken("mona");
  const github = await connectBatchGitHub({ apiUrl: sim.url, auth: { kind: "token", token: new Secret(token) }, retryBaseDelayMs: 1 });
  const dir = await mkdtemp(join(tmpdir(), "offload-batch-test-"));
  const store = createBatchStore(join(dir, "state"));
  return {
    sim, token, github, store, dir,
    async submitAndFollow(input, options = {}) {
      const timeoutMs = options.timeoutMs ?? 20_000;
      const started = Date.now();
      const record = await submitBatch(github, {
        apiUrl: sim.url, files: [], runsOn: "ubuntu-latest", env: {}, secrets: [], members: null, timeoutMs, keep: false, now: new Date(), ...input,
        script: Buffer.from(input.script),
      });
      await store.save(record);
      return followBatch({
        github, store, record, out: options.out === undefined ? join(dir, "out") : options.out, deadline: started + timeoutMs, pollMs: 20, now: () => Date.now(),
        signal: options.signal ?? new AbortController().signal, onEvent: () => undefined, cleanUp: true, startedAt: started,
      });
    },
    async close() {
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
