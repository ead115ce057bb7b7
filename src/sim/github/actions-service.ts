import { randomBytes } from "node:crypto";
import { setMaxListeners } from "node:events";
import type { Clock } from "../../clock/clock.js";
import { buildWorkflowJobPayload } from "./build-webhook-payload.js";
import { pickJob, pickRunner, type AssignmentOrder } from "./pick-job.js";
import type { JobRecord, RunnerRecord, SimJob, SimRepo, SimRun, SimState } from "./sim-state.js";
import type { WebhookSender } from "./webhook-sender.js";

/** What `sim.queueJob` takes. */
export interface QueueJobInput {
  repo: string;
  labels: string[];
  name?: string;
  workflowName?: string;
  runId?: number;
  durationMs?: number;
  conclusion?: "success" | "failure";
  /** False: no `queued` webhook is sent; the caller delivers it (benchmarks time their own). */
  announce?: boolean;
  /** The run is a pull request from a fork (ignored when `runId` names an existing run). */
  fork?: { headRepo: string; pullRequest: number };
}

/** Something a runner session must hear about. */
export type RunnerNotice =
  | { readonly type: "assigned"; readonly runnerId: number; readonly job: SimJob }
  | { readonly type: "completed"; readonly runnerId: number; readonly job: SimJob }
  | { readonly type: "removed"; readonly runnerId: number };

/** The simulated Actions service: queues jobs, hands them to online runners, finishes them. */
export interface ActionsService {
  queueJob(input: QueueJobInput): SimJob;
  cancelJob(jobId: number): void;
  /** A runner opened its session: it is online and takes any matching queued job. */
  connectRunner(runnerId: number): void;
  disconnectRunner(runnerId: number): void;
  /** DELETE removed the registration (the caller checked it is not busy). */
  removeRunner(runnerId: number): void;
  onNotice(listener: (notice: RunnerNotice) => void): () => void;
  /** Called after every job change (for `waitForAllJobsCompleted`), with the job as it is now. */
  onJobChange(listener: (job: SimJob) => void): () => void;
  /**
   * Jobs for which `held` is true stay queued and no runner takes them until `offer` (the
   * scale-set service holds a job until its listener acquires it).
   */
  setHold(held: (job: SimJob) => boolean): void;
  /** A held job was released: an idle runner that serves it takes it now. */
  offer(jobId: number): void;
  close(): void;
}

const DEFAULT_DURATION_MS = 50;

export function createActionsService(deps: {
  state: SimState;
  clock: Clock;
  webhooks: WebhookSender;
  order: AssignmentOrder;
  random: () => number;
  /** Whether an ephemeral registration disappears when its job is assigned or when it completes. */
  ephemeralRemoval: "on-assign" | "on-complete";
  api: () => string;
}): ActionsService {
  const { state, clock, webhooks } = deps;
  const closing = new AbortController();
  // Every request or job in flight listens to it; a burst has hundreds at once.
  setMaxListeners(0, closing.signal);
  const idle: RunnerRecord[] = [];
  const noticeListeners = new Set<(notice: RunnerNotice) => void>();
  const changeListeners = new Set<(job: SimJob) => void>();
  const notify = (notice: RunnerNotice): void => noticeListeners.forEach((listener) => listener(notice));
  const changed = (job: JobRecord): void => changeListeners.forEach((listener) => listener({ ...job }));
  let held: (job: SimJob) => boolean = () => false;

  const context = (job: JobRecord): { run: SimRun; repo: SimRepo } => {
    const run = state.runs.get(job.runId);
    const repo = run === undefined ? undefined : state.repos.get(run.repoId);
    if (run === undefined || repo === undefined) throw new Error(`job ${job.id} lost its run or repository`);
    return { run, repo };
  };

  const announce = (job: JobRecord, action: "queued" | "in_progress" | "completed"): void => {
    const { run, repo } = context(job);
    run.updatedAt = clock.iso();
    const payload = buildWorkflowJobPayload({ action, job, run, repo, installationId: repo.installationId, api: deps.api() });
    webhooks.send({ event: "workflow_job", action, payload, orderKey: `job:${job.id}`, installationId: repo.installationId, repositoryId: repo.id, jobId: job.id });
    changed(job);
  };

  const complete = (job: JobRecord, conclusion: "success" | "failure" | "cancelled"): void => {
    if (job.status === "completed") return;
    job.status = "completed";
    job.conclusion = conclusion;
    job.completedAt = clock.iso();
    const runner = job.runnerId === null ? undefined : state.runners.get(job.runnerId);
    if (runner !== undefined) {
      runner.busy = false;
      runner.status = "offline";
      if (runner.ephemeral) runner.deleted = true;
      notify({ type: "completed", runnerId: runner.id, job: { ...job } });
    }
    announce(job, "completed");
  };

  const assign = (job: JobRecord, runner: RunnerRecord): void => {
    job.status = "in_progress";
    job.startedAt = clock.iso();
    job.runnerId = runner.id;
    job.runnerName = runner.name;
    job.runnerGroupId = runner.runnerGroupId;
    job.runnerGroupName = "Default";
    runner.busy = true;
    if (runner.ephemeral && deps.ephemeralRemoval === "on-assign") runner.deleted = true;
    notify({ type: "assigned", runnerId: runner.id, job: { ...job } });
    announce(job, "in_progress");
    clock.sleep(job.durationMs, closing.signal).then(
      () => complete(job, job.plannedConclusion),
      () => undefined,
    );
  };

  const queuedFor = (runner: RunnerRecord): JobRecord[] =>
    [...state.jobs.values()].filter((job) => job.status === "queued" && runnerServes(runner, job) && !held(job));

  const offer = (job: JobRecord): void => {
    const eligible = idle.filter((runner) => runnerServes(runner, job));
    const runner = pickRunner(eligible, job.labels, deps.order, deps.random);
    if (runner !== undefined) {
      idle.splice(idle.indexOf(runner), 1);
      assign(job, runner);
    }
  };

  return {
    queueJob(input) {
      const job = createJob(state, clock, input);
      if (input.announce !== false) announce(job, "queued");
      else changed(job);
      if (!held(job)) offer(job);
      return { ...job };
    },
    cancelJob(jobId) {
      const job = state.jobs.get(jobId);
      if (job !== undefined) complete(job, "cancelled");
    },
    connectRunner(runnerId) {
      const runner = state.runners.get(runnerId);
      if (runner === undefined || runner.deleted) return;
      runner.status = "online";
      runner.os = "Linux";
      runner.version = "2.330.0";
      const job = pickJob(queuedFor(runner), runner.labels, deps.order, deps.random);
      if (job === undefined) idle.push(runner);
      else assign(job, runner);
    },
    disconnectRunner(runnerId) {
      const runner = state.runners.get(runnerId);
      if (runner !== undefined && !runner.busy) runner.status = "offline";
      removeIdle(idle, runnerId);
    },
    removeRunner(runnerId) {
      const runner = state.runners.get(runnerId);
      if (runner === undefined) return;
      runner.deleted = true;
      removeIdle(idle, runnerId);
      notify({ type: "removed", runnerId });
    },
    onNotice(listener) {
      noticeListeners.add(listener);
      return () => noticeListeners.delete(listener);
    },
    onJobChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    setHold(predicate) {
      held = predicate;
    },
    offer(jobId) {
      const job = state.jobs.get(jobId);
      if (job !== undefined && job.status === "queued" && !held(job)) offer(job);
    },
    close() {
      closing.abort();
    },
  };
}

/** A repository runner serves its repository; an organisation runner serves the org's repositories. */
function runnerServes(runner: RunnerRecord, job: JobRecord): boolean {
  const [kind, owner] = runner.scope.split(":", 2);
  const repo = job.repo.toLowerCase();
  return kind === "repo" ? owner === repo : repo.startsWith(`${owner}/`);
}

function removeIdle(idle: RunnerRecord[], runnerId: number): void {
  const index = idle.findIndex((runner) => runner.id === runnerId);
  if (index >= 0) idle.splice(index, 1);
}

function createJob(state: SimState, clock: Clock, input: QueueJobInput): JobRecord {
  const [owner = "", name = ""] = input.repo.split("/");
  const repo = [...state.repos.values()].find((known) => known.fullName.toLowerCase() === `${owner}/${name}`.toLowerCase());
  if (repo === undefined) throw new Error(`queueJob: repository '${input.repo}' is not installed; call addInstallation first`);
  const run = input.runId === undefined ? createRun(state, clock, repo, input.workflowName ?? "CI", input.fork) : state.runs.get(input.runId);
  if (run === undefined || run.repoId !== repo.id) throw new Error(`queueJob: run ${input.runId} does not exist in '${input.repo}'`);
  const now = clock.iso();
  const job: JobRecord = {
    id: state.nextId("job"),
    runId: run.id,
    runAttempt: 1,
    repo: repo.fullName,
    name: input.name ?? "build",
    workflowName: run.workflowName,
    labels: [...input.labels],
    status: "queued",
    conclusion: null,
    runnerId: null,
    runnerName: null,
    runnerGroupId: null,
    runnerGroupName: null,
    createdAt: now,
    startedAt: now,
    completedAt: null,
    durationMs: input.durationMs ?? DEFAULT_DURATION_MS,
    plannedConclusion: input.conclusion ?? "success",
  };
  state.jobs.set(job.id, job);
  run.jobIds.push(job.id);
  return job;
}

function createRun(state: SimState, clock: Clock, repo: SimRepo, workflowName: string, fork?: { headRepo: string; pullRequest: number }): SimRun {
  const runNumber = [...state.runs.values()].filter((run) => run.repoId === repo.id).length + 1;
  const run: SimRun = {
    id: state.nextId("run"),
    repoId: repo.id,
    runNumber,
    workflowName,
    headSha: randomBytes(20).toString("hex"),
    headBranch: fork === undefined ? "main" : `pr-${fork.pullRequest}`,
    createdAt: clock.iso(),
    updatedAt: clock.iso(),
    jobIds: [],
    ...(fork === undefined ? {} : { event: "pull_request", headRepoFullName: fork.headRepo, pullRequest: fork.pullRequest }),
  };
  state.runs.set(run.id, run);
  return run;
}
