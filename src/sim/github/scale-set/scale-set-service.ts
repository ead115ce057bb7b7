import { randomBytes, randomUUID } from "node:crypto";
import type { Clock } from "../../../clock/clock.js";
import type { JobMessage, ScaleSetStatistics } from "../../../github/actions-service/actions-service-schemas.js";
import type { ActionsService } from "../actions-service.js";
import { canRunJob } from "../pick-job.js";
import type { SimJob, SimState } from "../sim-state.js";
import { createMessageQueue, type MessageQueue } from "./message-queue.js";

/** A runner scale set as the simulated Actions service holds it. */
export interface SimScaleSet {
  readonly id: number;
  name: string;
  runnerGroupId: number;
  labels: { name: string; type: string }[];
  /** `repo:owner/name` or `org:owner`, lower-case: whose jobs it serves. */
  readonly scope: string;
  readonly createdOn: string;
  readonly queue: MessageQueue;
  /** The latest `X-ScaleSetMaxCapacity` a poll sent; null until the first poll. */
  capacity: number | null;
}

export interface SimSession {
  readonly id: string;
  readonly scaleSetId: number;
  readonly ownerName: string;
  queueToken: string;
  /** Polls in flight: a session being polled is alive whatever its age. */
  polling: number;
  lastSeen: number;
}

/** One job's request to a scale set (`runnerRequestId`), through the states the statistics count. */
interface JobRequest {
  readonly requestId: number;
  readonly jobId: number;
  readonly scaleSetId: number;
  state: "waiting" | "available" | "assigned" | "running" | "done";
  reassignments: number;
}

export interface ScaleSetServiceOptions {
  /** How long a long poll waits before 202 (the real service holds about 50 s: peers.md §11). */
  readonly pollTimeoutMs?: number;
  /** A session nobody polled for this long is released, so a crashed listener's successor can open one. */
  readonly sessionTimeoutMs?: number;
}

/**
 * The scale-set side of the simulated Actions service: scale sets, message sessions, job
 * requests and statistics. A job whose labels a scale set has (its name or labels, compared
 * case-insensitively) and whose repository it serves is held from every runner until a listener
 * acquires it; then only runners with those labels (the scale set's JIT runners) can take it.
 */
export function createScaleSetService(deps: { state: SimState; clock: Clock; actions: ActionsService; options: ScaleSetServiceOptions }) {
  const { state, clock, actions } = deps;
  const pollTimeoutMs = deps.options.pollTimeoutMs ?? 50_000;
  const sessionTimeoutMs = deps.options.sessionTimeoutMs ?? 120_000;
  const sets = new Map<number, SimScaleSet>();
  const sessions = new Map<string, SimSession>();
  const requests = new Map<number, JobRequest>();
  const byJob = new Map<number, JobRequest>();
  /** Runner id → scale set id, for JIT runners generated through a scale set. */
  const runnerSets = new Map<number, number>();
  let nextSetId = 1;
  let nextRequestId = 9_000_001;

  const serving = (job: SimJob): SimScaleSet | undefined =>
    [...sets.values()].find((set) => servesRepo(set.scope, job.repo) && canRunJob(job.labels, [set.name, ...set.labels.map((l) => l.name)]));

  const message = (type: JobMessage["messageType"], request: JobRequest, extra: { runnerId?: number; runnerName?: string; result?: string } = {}): JobMessage => {
    const job = state.jobs.get(request.jobId);
    const [owner = "", repo = ""] = (job?.repo ?? "").split("/");
    const base = {
      runnerRequestId: request.requestId,
      repositoryName: repo,
      ownerName: owner,
      // The sim's job id is GitHub's REST job id, as text (the library's `jobId` is a string).
      jobId: String(request.jobId),
      jobWorkflowRef: `${job?.repo ?? ""}/.github/workflows/ci.yml@refs/heads/main`,
      jobDisplayName: job?.name ?? "",
      workflowRunId: job?.runId ?? 0,
      eventName: "push",
      requestLabels: [...(job?.labels ?? [])],
      queueTime: job?.createdAt ?? clock.iso(),
    };
    if (type === "JobAvailable") return { messageType: type, acquireJobUrl: "", ...base };
    if (type === "JobAssigned") return { messageType: type, ...base, scaleSetAssignTime: clock.iso() };
    if (type === "JobStarted") return { messageType: type, runnerId: extra.runnerId ?? 0, runnerName: extra.runnerName ?? "", ...base, runnerAssignTime: clock.iso() };
    return { messageType: type, result: extra.result ?? "succeeded", runnerId: extra.runnerId ?? 0, runnerName: extra.runnerName ?? "", ...base, finishTime: clock.iso() };
  };

  const inUse = (setId: number): number => [...requests.values()].filter((r) => r.scaleSetId === setId && (r.state === "assigned" || r.state === "running")).length;

  /** Offers waiting jobs while the scale set's last reported capacity allows (X-ScaleSetMaxCapacity). */
  const offerWaiting = (set: SimScaleSet): void => {
    for (const request of requests.values()) {
      if (request.scaleSetId !== set.id || request.state !== "waiting") continue;
      if (set.capacity !== null && inUse(set.id) + countState(set.id, "available") >= set.capacity) return;
      request.state = "available";
      set.queue.push(message("JobAvailable", request));
    }
  };
  const countState = (setId: number, wanted: JobRequest["state"]): number => [...requests.values()].filter((r) => r.scaleSetId === setId && r.state === wanted).length;

  actions.setHold((job) => {
    const request = byJob.get(job.id);
    if (request !== undefined) return request.state === "waiting" || request.state === "available";
    return serving(job) !== undefined;
  });

  actions.onJobChange((job) => {
    let request = byJob.get(job.id);
    if (request === undefined) {
      const set = job.status === "queued" ? serving(job) : undefined;
      if (set === undefined) return;
      request = { requestId: nextRequestId++, jobId: job.id, scaleSetId: set.id, state: "waiting", reassignments: 0 };
      requests.set(request.requestId, request);
      byJob.set(job.id, request);
      offerWaiting(set);
      return;
    }
    const set = sets.get(request.scaleSetId);
    if (set === undefined) return;
    if (job.status === "in_progress" && request.state !== "running" && request.state !== "done") {
      request.state = "running";
      set.queue.push(message("JobStarted", request, { runnerId: job.runnerId ?? 0, runnerName: job.runnerName ?? "" }));
    } else if (job.status === "completed" && request.state !== "done") {
      const wasOffered = request.state !== "waiting";
      request.state = "done";
      if (wasOffered) set.queue.push(message("JobCompleted", request, { result: toResult(job.conclusion), runnerId: job.runnerId ?? 0, runnerName: job.runnerName ?? "" }));
      offerWaiting(set);
    }
  });

  return {
    sets,
    sessions,
    runnerSets,
    pollTimeoutMs,
    createSet(input: { name: string; runnerGroupId: number; labels: { name: string; type: string }[]; scope: string }): SimScaleSet {
      const set: SimScaleSet = { id: nextSetId++, ...input, createdOn: clock.iso(), queue: createMessageQueue(), capacity: null };
      sets.set(set.id, set);
      return set;
    },
    deleteSet(id: number): void {
      sets.delete(id);
      for (const [sessionId, session] of sessions) if (session.scaleSetId === id) sessions.delete(sessionId);
    },
    /** Opens a session, or null when a live one exists (the service answers 409 Conflict). */
    openSession(set: SimScaleSet, ownerName: string): SimSession | null {
      const now = clock.now();
      for (const [id, session] of sessions) {
        if (session.scaleSetId !== set.id) continue;
        if (session.polling > 0 || now - session.lastSeen < sessionTimeoutMs) return null;
        sessions.delete(id);
      }
      const session: SimSession = { id: randomUUID(), scaleSetId: set.id, ownerName, queueToken: randomBytes(24).toString("hex"), polling: 0, lastSeen: now };
      sessions.set(session.id, session);
      return session;
    },
    /** Acquires available requests; answers the ids acquired (each becomes JobAssigned). */
    acquire(set: SimScaleSet, requestIds: readonly number[]): number[] {
      const acquired: number[] = [];
      for (const id of requestIds) {
        const request = requests.get(id);
        if (request === undefined || request.scaleSetId !== set.id || request.state !== "available") continue;
        request.state = "assigned";
        acquired.push(id);
        set.queue.push(message("JobAssigned", request));
        actions.offer(request.jobId);
      }
      return acquired;
    },
    /**
     * No runner took an assigned job: the service completes the assignment as canceled and offers
     * the job again, up to 3 times (peers.md §11; ARC docs: "After 24 hours the Actions Service
     * unassigns the job if no runner accepts it").
     */
    reassign(jobId: number): boolean {
      const request = byJob.get(jobId);
      const set = request === undefined ? undefined : sets.get(request.scaleSetId);
      if (request === undefined || set === undefined || request.state !== "assigned" || request.reassignments >= 3) return false;
      request.reassignments += 1;
      set.queue.push(message("JobCompleted", request, { result: "canceled" }));
      request.state = "waiting";
      offerWaiting(set);
      return true;
    },
    statistics(set: SimScaleSet): ScaleSetStatistics {
      const live = [...runnerSets].filter(([runnerId, setId]) => setId === set.id && state.runners.get(runnerId)?.deleted === false).map(([runnerId]) => state.runners.get(runnerId));
      const busy = live.filter((runner) => runner?.busy === true).length;
      return {
        totalAvailableJobs: countState(set.id, "available") + countState(set.id, "waiting"),
        totalAcquiredJobs: countState(set.id, "assigned") + countState(set.id, "running"),
        totalAssignedJobs: countState(set.id, "assigned") + countState(set.id, "running"),
        totalRunningJobs: countState(set.id, "running"),
        totalRegisteredRunners: live.length,
        totalBusyRunners: busy,
        totalIdleRunners: live.length - busy,
      };
    },
    /** The capacity a poll reported; more waiting jobs may be offered now. */
    reportCapacity(set: SimScaleSet, capacity: number): void {
      set.capacity = capacity;
      offerWaiting(set);
    },
  };
}

export type ScaleSetService = ReturnType<typeof createScaleSetService>;

function servesRepo(scope: string, repoFullName: string): boolean {
  const [kind, owner] = scope.split(":", 2);
  const repo = repoFullName.toLowerCase();
  return kind === "repo" ? owner === repo : repo.startsWith(`${owner}/`);
}

/* JobCompleted.result in the words the service uses (ARC's metrics label it succeeded/failed/canceled). */
function toResult(conclusion: SimJob["conclusion"]): string {
  if (conclusion === "success") return "succeeded";
  if (conclusion === "failure") return "failed";
  return "canceled";
}
