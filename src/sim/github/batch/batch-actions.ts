import { setMaxListeners } from "node:events";
import type { Clock } from "../../../clock/clock.js";
import type { SimRepo, SimState } from "../sim-state.js";
import type { BatchJob, BatchRepo, BatchRun, BatchSimState, TreeFile } from "./batch-sim-state.js";
import { substituteExpressions } from "./evaluate-expression.js";
import { executeSimJob } from "./execute-sim-job.js";
import { parseSimWorkflow, type SimWorkflow } from "./parse-sim-workflow.js";

/** The simulated Actions service for pushed workflows: starts runs, runs their jobs, cancels them. */
export interface BatchActions {
  onPush(repo: SimRepo, batchRepo: BatchRepo, branch: string, sha: string): void;
  cancelRun(runId: number): void;
  /** Cancels the repository's runs and forgets them (the repository is being deleted). */
  forgetRepo(repoId: number): void;
  /** Resolves when every job started so far has finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function createBatchActions(deps: {
  state: SimState;
  batch: BatchSimState;
  clock: Clock;
  baseEnv: Readonly<Record<string, string>>;
  /** Jobs running at once; later ones wait in `queued`, as on a busy runner pool. */
  maxParallel: number;
}): BatchActions {
  const { state, batch, clock } = deps;
  const controllers = new Map<number, AbortController>();
  const running = new Set<Promise<void>>();
  const waiting: (() => void)[] = [];
  let active = 0;
  let closed = false;

  const acquire = async (): Promise<void> => {
    if (active < deps.maxParallel) {
      active += 1;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next === undefined) active -= 1;
    else next();
  };

  const served = (labels: readonly string[]): boolean =>
    batch.labels === null || labels.every((label) => batch.labels?.some((known) => known.toLowerCase() === label.toLowerCase()) ?? false);

  const touch = (run: BatchRun): void => {
    run.updatedAt = clock.iso();
    if (run.startedAt === null && run.jobs.some((job) => job.status !== "queued")) run.startedAt = run.updatedAt;
  };

  const start = (run: BatchRun, job: BatchJob, launch: Omit<Parameters<typeof executeSimJob>[0], "job" | "signal" | "onChange" | "uploadArtifact">, signal: AbortSignal): void => {
    if (!served(job.labels)) return;
    const task = (async () => {
      await acquire();
      try {
        if (signal.aborted || job.status !== "queued") return;
        await executeSimJob({
          ...launch,
          job,
          signal,
          onChange: () => touch(run),
          uploadArtifact: (name, zip) => run.artifacts.push({ id: state.nextId("job"), name, zip, createdAt: clock.iso() }),
        });
      } finally {
        release();
      }
    })();
    running.add(task);
    void task.finally(() => running.delete(task));
  };

  return {
    onPush(repo, batchRepo, branch, sha) {
      if (closed) return;
      const commit = batchRepo.commits.get(sha);
      const entries = commit === undefined ? [] : (batchRepo.trees.get(commit.tree) ?? []);
      const files: TreeFile[] = entries.flatMap((entry) => {
        const content = batchRepo.blobs.get(entry.sha);
        return content === undefined ? [] : [{ path: entry.path, mode: entry.mode, content }];
      });
      for (const file of files.filter((candidate) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(candidate.path))) {
        const workflow = parseSimWorkflow(file.content.toString("utf8"), file.path);
        if (workflow === null || (workflow.pushBranches !== null && !workflow.pushBranches.includes(branch))) continue;
        startRun(repo, batchRepo, file.path, workflow, files, branch, sha);
      }
    },
    cancelRun(runId) {
      const run = batch.runs.get(runId);
      if (run === undefined) return;
      run.cancelRequested = true;
      controllers.get(runId)?.abort();
      for (const job of run.jobs) {
        if (job.status !== "queued") continue;
        job.status = "completed";
        job.conclusion = "cancelled";
        job.completedAt = clock.iso();
      }
      touch(run);
    },
    forgetRepo(repoId) {
      for (const run of [...batch.runs.values()].filter((candidate) => candidate.repoId === repoId)) {
        this.cancelRun(run.id);
        batch.runs.delete(run.id);
      }
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    async close() {
      closed = true;
      for (const controller of controllers.values()) controller.abort();
      waiting.splice(0).forEach((resolve) => resolve());
      await this.idle();
    },
  };

  function startRun(repo: SimRepo, batchRepo: BatchRepo, path: string, workflow: SimWorkflow, files: TreeFile[], branch: string, sha: string): void {
    const now = clock.iso();
    const runNumber = [...batch.runs.values()].filter((run) => run.repoId === repo.id).length + 1;
    const run: BatchRun = { id: state.nextId("run"), repoId: repo.id, runNumber, workflowName: workflow.name, path, headSha: sha, headBranch: branch, createdAt: now, startedAt: null, updatedAt: now, cancelRequested: false, jobs: [], artifacts: [] };
    batch.runs.set(run.id, run);
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    controllers.set(run.id, controller);
    const secrets = Object.fromEntries([...batchRepo.secrets].map(([name, secret]) => [name, secret.value]));
    const github = { repository: repo.fullName, run_id: String(run.id), sha, ref: `refs/heads/${branch}`, ref_name: branch };
    for (const definition of workflow.jobs) {
      for (const matrix of definition.members) {
        const context = { secrets, matrix, env: {}, github, jobStatus: "success" as const };
        const values = Object.values(matrix);
        const base = substituteExpressions(definition.name ?? definition.id, context);
        const name = values.length === 0 || definition.name?.includes("${{") === true ? base : `${base} (${values.join(", ")})`;
        const runsOn = typeof definition.runsOn === "string" ? [definition.runsOn] : definition.runsOn;
        const labels = runsOn.map((label) => substituteExpressions(label, context));
        const job: BatchJob = { id: state.nextId("job"), name, labels, status: "queued", conclusion: null, createdAt: now, startedAt: null, completedAt: null, steps: [], runnerName: null };
        run.jobs.push(job);
        start(run, job, { definition, matrix, workflowEnv: workflow.env, files, secrets, github, baseEnv: deps.baseEnv, clock }, controller.signal);
      }
    }
  }
}
