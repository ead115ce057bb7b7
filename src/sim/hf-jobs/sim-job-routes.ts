import type { FastifyInstance, FastifyReply } from "fastify";
import { finishSimJob, runSimJob } from "./run-sim-job.js";
import { SIM_STAGES, TERMINAL_SIM_STAGES, toJobInfo, type SimJobRecord } from "./sim-job.js";
import type { SimState } from "./sim-state.js";
import { DEFAULT_TIMEOUT_SECONDS, validateCreateBody } from "./validate-create-body.js";

type Query = Record<string, string | string[] | undefined>;

/** Create, list, inspect and cancel (reference/hf-jobs-api.md §2). */
export function registerSimJobRoutes(app: FastifyInstance, state: SimState): void {
  app.post<{ Params: { namespace: string } }>("/api/jobs/:namespace", async (request, reply) => {
    if (!ownsNamespace(state, request.params.namespace, reply)) return reply;
    const result = validateCreateBody(request.body);
    if (!result.ok) return reply.code(400).send({ error: result.error });
    const spec = result.body;
    const now = state.clock.iso();
    const job: SimJobRecord = {
      id: state.newId(),
      namespace: state.namespace,
      dockerImage: spec.dockerImage ?? null,
      spaceId: spec.spaceId ?? null,
      command: spec.command,
      arguments: spec.arguments,
      environment: spec.environment,
      secrets: spec.secrets,
      flavor: spec.flavor,
      labels: spec.labels,
      extras: {
        volumes: spec.volumes ?? null,
        exposePorts: spec.expose?.ports ?? null,
        ssh: spec.ssh?.enabled ?? false,
        resourceGroupId: spec.resourceGroupId ?? null,
        arch: spec.arch,
        attempts: spec.attempts,
        network: spec.network === undefined ? null : { group: spec.network.group, aliases: spec.network.aliases ?? [] },
      },
      timeoutSeconds: spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
      createdAt: now,
      createdAtMs: state.clock.now(),
      stage: "SCHEDULING",
      message: null,
      startedAt: null,
      startedAtMs: null,
      finishedAt: null,
      finishedAtMs: null,
      updatedAt: now,
      logs: [],
      controller: new AbortController(),
      listeners: new Set(),
    };
    state.jobs.set(job.id, job);
    void runSimJob(job, { clock: state.clock, executor: state.executor, schedulingDelayMs: state.schedulingDelayMs });
    return reply.send(toJobInfo(job, state.clock.now()));
  });

  app.get<{ Params: { namespace: string }; Querystring: Query }>("/api/jobs/:namespace", async (request, reply) => {
    if (!ownsNamespace(state, request.params.namespace, reply)) return reply;
    const labels = toArray(request.query["label"]).map((filter) => {
      const at = filter.indexOf("=");
      return at === -1 ? { key: filter, value: null } : { key: filter.slice(0, at), value: filter.slice(at + 1) };
    });
    const stages = new Set(toArray(request.query["stage"]).map((s) => s.toUpperCase()));
    // Only the stages HF documents (reference §5); HF's answer to another is unverified, and a
    // 400 here catches a client that filters on one (UPDATING, say) before the real service does.
    const unknown = [...stages].find((stage) => !SIM_STAGES.has(stage));
    if (unknown !== undefined) return reply.code(400).send({ error: `Invalid stage '${unknown}': expected one of ${[...SIM_STAGES].join(", ")}` });
    const matching = [...state.jobs.values()]
      .filter((job) => labels.every(({ key, value }) => Object.hasOwn(job.labels, key) && (value === null || job.labels[key] === value)))
      .filter((job) => stages.size === 0 || stages.has(job.stage))
      .reverse();
    const limit = positive(request.query["limit"]) ?? state.pageSize;
    const page = positive(request.query["page"]) ?? 1;
    const slice = matching.slice((page - 1) * limit, page * limit);
    if (page * limit < matching.length) {
      const next = new URL(request.url, state.url);
      next.searchParams.set("page", String(page + 1));
      reply.header("link", `<${next.toString()}>; rel="next"`);
    }
    return reply.send(slice.map((job) => toJobInfo(job, state.clock.now())));
  });

  app.get<{ Params: { namespace: string; id: string } }>("/api/jobs/:namespace/:id", async (request, reply) => {
    const job = findJob(state, request.params, reply);
    return job === null ? reply : reply.send(toJobInfo(job, state.clock.now()));
  });

  app.post<{ Params: { namespace: string; id: string } }>("/api/jobs/:namespace/:id/cancel", async (request, reply) => {
    const job = findJob(state, request.params, reply);
    if (job === null) return reply;
    if (!TERMINAL_SIM_STAGES.has(job.stage)) {
      finishSimJob(job, "CANCELED", null, state.clock);
      job.controller.abort(new Error("cancelled"));
      // The JS client reads the job back from the answer; Python ignores it (reference §2).
      return reply.send(toJobInfo(job, state.clock.now()));
    }
    // HF's answer for a job already over is unverified (reference §13): tests choose it.
    if (state.cancelFinishedStatus === 200) return reply.send(toJobInfo(job, state.clock.now()));
    const error = state.cancelFinishedStatus === 404 ? "Job not found" : `Job ${job.id} has already finished (${job.stage})`;
    return reply.code(state.cancelFinishedStatus).send({ error });
  });
}

export function ownsNamespace(state: SimState, namespace: string, reply: FastifyReply): boolean {
  if (namespace === state.namespace) return true;
  void reply.code(403).send({ error: `You don't have permission to manage jobs in namespace '${namespace}'` });
  return false;
}

export function findJob(state: SimState, params: { namespace: string; id: string }, reply: FastifyReply): SimJobRecord | null {
  if (!ownsNamespace(state, params.namespace, reply)) return null;
  const job = state.jobs.get(params.id);
  if (job === undefined) {
    // huggingface_hub maps a 404 here to JobNotFoundError (reference §1).
    void reply.code(404).send({ error: "Job not found" });
    return null;
  }
  return job;
}

function toArray(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function positive(value: string | string[] | undefined): number | null {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(n) && n > 0 ? n : null;
}
