import Fastify, { type FastifyReply } from "fastify";
import { systemClock, type Clock } from "../../clock/clock.js";
import { preciseNow, type SimCall } from "../sim-call.js";
import { defaultExecutor, type Executor } from "./run-sim-job.js";
import { createSimFaults, type FaultOptions, type SimFault } from "./sim-faults.js";
import { describeHardware, SIM_HARDWARE } from "./sim-hardware.js";
import { toSimHfJob, type SimHfJob } from "./sim-job.js";
import { registerSimJobRoutes } from "./sim-job-routes.js";
import { registerSimLogRoute } from "./sim-log-route.js";
import { registerSimLabelsRoute } from "./sim-labels-route.js";
import { registerSimMetricsRoute } from "./sim-metrics-route.js";
import { createIdGenerator, type CancelFinishedStatus, type SimState } from "./sim-state.js";

export type { Executor, ExecutorJob } from "./run-sim-job.js";
export type { SimHfJob, SimStage } from "./sim-job.js";
export type { FaultOptions } from "./sim-faults.js";
export type { CancelFinishedStatus } from "./sim-state.js";

/**
 * What huggingface.co answers for a path it has no route for: 404 with this `error`, whatever the
 * method or token (seen on `/api/...` paths in public reports, e.g. `GET /api/users/{name}` since
 * 2026; the same JSON error shape as reference/hf-jobs-api.md §1).
 */
export const HUB_NOT_FOUND_ERROR = "Sorry, we can't find the page you are looking for.";

/** One answered request (shape shared with the GitHub simulator). */
export type HfSimCall = SimCall;

/** A running HF Jobs simulator on 127.0.0.1 (reference/hf-jobs-api.md §13). */
export interface HfJobsSim {
  /** Base URL to use as HF_ENDPOINT. */
  readonly url: string;
  readonly token: string;
  readonly namespace: string;
  /** Every job created so far, oldest first. */
  jobs(): SimHfJob[];
  /** Log and metrics streams open now (a streamed call is in `calls` only once it has ended). */
  openStreams(): number;
  /** Every request answered, in order (`path` without the query). */
  readonly calls: HfSimCall[];
  readonly faults: {
    /** The next `count` (default 1) requests matching `match` get `status` with `{"error": "simulated fault"}`. */
    failNext(match: { method?: string; path: RegExp }, status: number, count?: number, options?: FaultOptions): void;
  };
  /** Stops the server, ends log streams and aborts running executors. */
  close(): Promise<void>;
}

export interface HfJobsSimOptions {
  /** Added before every answer. */
  readonly latencyMs?: number;
  readonly token?: string;
  readonly namespace?: string;
  readonly execute?: Executor;
  /** Time a job spends in SCHEDULING; default 0 (it still answers create in SCHEDULING). */
  readonly schedulingDelayMs?: number;
  readonly clock?: Clock;
  /** Seeds job ids; default random. */
  readonly seed?: number;
  /** Jobs per list page; default 50. */
  readonly pageSize?: number;
  /** Default 30 s, as HF. */
  readonly keepAliveMs?: number;
  /** Between two metric events of a running job; default 1 s, as HF (reference §7). */
  readonly metricsIntervalMs?: number;
  /** Keep log streams open after their job ends, as HF may (reference §6); default false. */
  readonly keepLogStreamOpen?: boolean;
  /** `hf` (default): one `data:` line after another, as HF sends them (reference §6); `sse`: blank-line separated events. */
  readonly logFraming?: "hf" | "sse";
  /** The answer to cancelling a job that already ended; default 200 with the job unchanged (reference §13). */
  readonly cancelFinishedStatus?: CancelFinishedStatus;
}

export async function startHfJobsSim(options: HfJobsSimOptions = {}): Promise<HfJobsSim> {
  const clock = options.clock ?? systemClock;
  const state: SimState = {
    namespace: options.namespace ?? "offload-sim",
    token: options.token ?? "hf_sim_token",
    clock,
    executor: options.execute ?? defaultExecutor,
    schedulingDelayMs: options.schedulingDelayMs ?? 0,
    pageSize: options.pageSize ?? 50,
    keepAliveMs: options.keepAliveMs ?? 30_000,
    metricsIntervalMs: options.metricsIntervalMs ?? 1_000,
    keepLogStreamOpen: options.keepLogStreamOpen ?? false,
    hfLogFraming: (options.logFraming ?? "hf") === "hf",
    cancelFinishedStatus: options.cancelFinishedStatus ?? 200,
    jobs: new Map(),
    newId: createIdGenerator(options.seed ?? Math.floor(Math.random() * 2 ** 32)),
    streams: new Set(),
    url: "",
  };
  const calls: HfJobsSim["calls"] = [];
  const faults = createSimFaults();
  const afterFaults = new WeakMap<object, SimFault>();
  const app = Fastify({ logger: false, forceCloseConnections: true });

  // Stamped before the simulated latency: a call's receivedAt..answeredAt is the whole upstream
  // time the caller waited for (the dispatch benchmark subtracts it as such).
  const receivedAt = new WeakMap<object, number>();
  app.addHook("onRequest", async (request) => {
    receivedAt.set(request, preciseNow());
  });
  app.addHook("onRequest", async (request, reply) => {
    if ((options.latencyMs ?? 0) > 0) await clock.sleep(options.latencyMs ?? 0);
    const fault = faults.take(request.method, request.url.split("?")[0] ?? "");
    if (fault?.phase === "after") afterFaults.set(request, fault);
    if (fault?.phase === "before") return sendFault(reply, fault);
    // The catalogue is public, and a path with no route is a 404 before any token check.
    if (request.url.startsWith("/api/jobs/hardware") || request.is404) return;
    if (request.headers.authorization !== `Bearer ${state.token}`) {
      return reply.code(401).send({ error: "Invalid credentials in Authorization header" });
    }
  });
  app.addHook("onSend", async (request, reply, payload) => {
    const fault = afterFaults.get(request);
    if (fault === undefined) return payload;
    afterFaults.delete(request);
    if (fault.retryAfterSeconds !== null) void reply.header("retry-after", String(fault.retryAfterSeconds));
    void reply.code(fault.status).header("content-type", "application/json");
    return JSON.stringify({ error: "simulated fault" });
  });
  app.addHook("onResponse", async (request, reply) => {
    const now = preciseNow();
    calls.push({
      method: request.method,
      path: request.url.split("?")[0] ?? "",
      status: reply.statusCode,
      at: clock.now(),
      receivedAt: receivedAt.get(request) ?? now,
      answeredAt: now,
      subject: request.method === "POST" ? runnerNameOf(request.body) : null,
    });
  });

  app.get("/api/whoami-v2", async () => ({ name: state.namespace, type: "user", auth: { accessToken: { role: "write" } }, orgs: [] }));
  app.get("/api/jobs/hardware", async () => [...SIM_HARDWARE.values()].map(describeHardware));
  registerSimJobRoutes(app, state);
  registerSimLogRoute(app, state);
  registerSimMetricsRoute(app, state);
  registerSimLabelsRoute(app, state);
  // A cancel from the JS client carries `Content-Type: application/json` and no body (reference §2),
  // which HF accepts: an empty JSON body is no body here too.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    if (typeof body !== "string" || body.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(body) as unknown);
    } catch {
      done(Object.assign(new Error("Invalid JSON body"), { statusCode: 400 }), undefined);
    }
  });
  // Every failure in HF's error shape, `{"error": "..."}` (reference §1).
  app.setErrorHandler(async (error: { statusCode?: number; message?: string }, _request, reply) =>
    reply.code(error.statusCode ?? 500).send({ error: error.message ?? "Internal error" }),
  );
  app.setNotFoundHandler(async (_request, reply) => reply.code(404).send({ error: HUB_NOT_FOUND_ERROR }));

  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  state.url = address;
  return {
    url: address,
    token: state.token,
    namespace: state.namespace,
    jobs: () => [...state.jobs.values()].map(toSimHfJob),
    openStreams: () => state.streams.size,
    calls,
    faults: { failNext: (match, status, count, faultOptions) => faults.failNext(match, status, count, faultOptions) },
    async close() {
      for (const job of state.jobs.values()) job.controller.abort(new Error("simulator closed"));
      for (const close of [...state.streams]) close();
      await app.close();
    },
  };
}

function sendFault(reply: FastifyReply, fault: SimFault): FastifyReply {
  if (fault.retryAfterSeconds !== null) void reply.header("retry-after", String(fault.retryAfterSeconds));
  return reply.code(fault.status).send({ error: "simulated fault" });
}

function runnerNameOf(body: unknown): string | null {
  if (typeof body !== "object" || body === null) return null;
  const environment = (body as { environment?: unknown }).environment;
  if (typeof environment !== "object" || environment === null) return null;
  const name = (environment as Record<string, unknown>)["OFFLOAD_RUNNER_NAME"];
  return typeof name === "string" ? name : null;
}
