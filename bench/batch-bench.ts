import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArray } from "../src/batch/batch-members.js";
import { createBatchStore } from "../src/batch/batch-store.js";
import { connectBatchGitHub } from "../src/app/connect-batch-github.js";
import { followBatch } from "../src/batch/follow-batch.js";
import { submitBatch } from "../src/batch/submit-batch.js";
import { Secret } from "../src/config/secret.js";
import { startGitHubSim } from "../src/sim/github/start-github-sim.js";

const SCRIPT = "#!/bin/bash\nmkdir -p uploads/out\necho \"member ${OFFLOAD_BATCH_INDEX}\" > uploads/out/result.txt\n";

/** Options of the batch benchmark. */
export interface BatchBenchOptions {
  /** Single-job runs measured one after another. */
  readonly runs: number;
  /** Members of the fan-out run. */
  readonly arraySize: number;
  readonly githubLatencyMs: number;
  /** How often the client polls (the real default is 3 s). */
  readonly pollMs: number;
}

/**
 * `offload batch` over the GitHub simulator: for single jobs, submit → first step started
 * (GitHub's step timestamp, and when the polling client saw it) and last step completed →
 * last result file written under --out; then one fan-out of `arraySize` members, submit →
 * every member's results on disk.
 */
export async function runBatchBench(options: BatchBenchOptions): Promise<Record<string, unknown>> {
  const sim = await startGitHubSim({ latencyMs: options.githubLatencyMs, batchMaxParallel: 25 });
  const dir = await mkdtemp(join(tmpdir(), "offload-batch-bench-"));
  try {
    const github = await connectBatchGitHub({ apiUrl: sim.url, auth: { kind: "token", token: new Secret(sim.batch.createUserToken("bench")) } });
    const store = createBatchStore(join(dir, "state"));
    const once = async (members: ReturnType<typeof parseArray> | null, out: string) => {
      const submittedAt = Date.now();
      let firstSeenAt: number | null = null;
      const record = await submitBatch(github, { apiUrl: sim.url, script: Buffer.from(SCRIPT), files: [], runsOn: "ubuntu-latest", env: {}, secrets: [], members, timeoutMs: 600_000, keep: false, now: new Date(submittedAt) });
      const result = await followBatch({
        github, store, record, out, deadline: submittedAt + 600_000, pollMs: options.pollMs, now: () => Date.now(), signal: new AbortController().signal, cleanUp: true, startedAt: submittedAt,
        onEvent: (event) => {
          if (event.type === "step-started" && firstSeenAt === null) firstSeenAt = Date.now();
        },
      });
      const doneAt = Date.now();
      const written = await lastWrite(out);
      return { submittedAt, firstSeenAt, doneAt, written, result };
    };
    // One unmeasured run: the simulator compiles its OpenAPI validators on first use.
    await once(null, join(dir, "warm-up"));
    const singles = [];
    for (let index = 0; index < options.runs; index += 1) {
      const { submittedAt, firstSeenAt, written, result } = await once(null, join(dir, `single-${index}`));
      const steps = result.members[0]?.logs ?? [];
      const firstStepAt = firstStepStart(result) ?? submittedAt;
      const lastStepAt = lastStepEnd(result) ?? submittedAt;
      singles.push({ submitToFirstStepMs: firstStepAt - submittedAt, submitToFirstStepSeenMs: (firstSeenAt ?? submittedAt) - submittedAt, lastStepToResultsMs: written - lastStepAt, totalMs: result.times.totalMs, exitCode: result.exitCode, steps: steps.length });
    }
    const arrayStart = Date.now();
    const fan = await once(parseArray(`1-${options.arraySize}`), join(dir, "array"));
    const files = (await readdir(join(dir, "array"))).length;
    return {
      githubLatencyMs: options.githubLatencyMs,
      pollMs: options.pollMs,
      single: summarise(singles.map((run) => run.submitToFirstStepMs), singles.map((run) => run.submitToFirstStepSeenMs), singles.map((run) => run.lastStepToResultsMs), singles.map((run) => run.totalMs)),
      runs: singles,
      array: {
        members: options.arraySize,
        memberFolders: files,
        exitCode: fan.result.exitCode,
        failed: fan.result.members.filter((member) => member.conclusion !== "success").length,
        submitToAllResultsMs: fan.written - arrayStart,
        lastStepToResultsMs: fan.written - (lastStepEnd(fan.result) ?? arrayStart),
        totalMs: fan.result.times.totalMs,
      },
      violations: sim.violations.length,
    };
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function firstStepStart(result: Awaited<ReturnType<typeof followBatch>>): number | null {
  const starts = result.members.flatMap((member) => (member.startedAt === null ? [] : [Date.parse(member.startedAt)]));
  return starts.length === 0 ? null : Math.min(...starts);
}

function lastStepEnd(result: Awaited<ReturnType<typeof followBatch>>): number | null {
  const ends = result.members.flatMap((member) => (member.completedAt === null ? [] : [Date.parse(member.completedAt)]));
  return ends.length === 0 ? null : Math.max(...ends);
}

async function lastWrite(folder: string): Promise<number> {
  let latest = 0;
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    latest = Math.max(latest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return latest;
}

function summarise(firstStep: number[], firstSeen: number[], results: number[], totals: number[]): Record<string, unknown> {
  const median = (values: number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? 0;
  };
  return { submitToFirstStepMedianMs: median(firstStep), submitToFirstStepSeenMedianMs: median(firstSeen), lastStepToResultsMedianMs: median(results), totalMedianMs: median(totals) };
}
