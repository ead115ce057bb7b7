import { JOB_STATUS_RANK } from "../intake/job-fact.js";

const error = { $ref: "#/components/schemas/ErrorAnswer" };
const limit = { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 500, default: 50 } };
const jobId = { name: "id", in: "path", required: true, schema: { type: "integer", minimum: 1 } };
const json = (schema: object, description: string) => ({ description, content: { "application/json": { schema } } });
const sse = (description: string) => ({ description, content: { "text/event-stream": { schema: { type: "string" } } } });
const refusals = {
  "401": json(error, "OFFLOAD_UNAUTHORIZED: the admin token is missing or wrong."),
  "403": json(error, "OFFLOAD_LOOPBACK_ONLY: no OFFLOAD_ADMIN_TOKEN is set and the client is not on this machine."),
  "503": json(error, "OFFLOAD_LEDGER: the ledger is not open."),
};
const object = (properties: Record<string, object>, required: string[] = Object.keys(properties)) => ({ type: "object", properties, required });
const list = (key: string, item: string) => object({ [key]: { type: "array", items: { $ref: `#/components/schemas/${item}` } } });

/**
 * The JSON API under `/api/`, hand-written (OpenAPI 3.1) and served at `/api/openapi.json`.
 * test/server/openapi-document.test.ts fails when a route is registered but not described here,
 * or described but not registered.
 */
export const OPENAPI_DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "offload dispatcher API",
    version: "1",
    description: "Read-only view of the ledger and live events. With OFFLOAD_ADMIN_TOKEN set, send `Authorization: Bearer <token>`; without it, only clients on the dispatcher's machine are answered.",
  },
  security: [{ adminToken: [] }],
  paths: {
    "/api/jobs": {
      get: {
        summary: "Jobs, newest first",
        parameters: [
          { name: "status", in: "query", schema: { type: "string", enum: Object.keys(JOB_STATUS_RANK) } },
          { name: "repo", in: "query", schema: { type: "string" }, description: "owner/name, any case" },
          { name: "label", in: "query", schema: { type: "string" } },
          { name: "before", in: "query", schema: { type: "integer" }, description: "Only jobs with a smaller id (paging)." },
          limit,
        ],
        responses: { "200": json(list("jobs", "Job"), "The jobs."), "400": json(error, "OFFLOAD_API_BAD_REQUEST"), ...refusals },
      },
    },
    "/api/jobs/{id}": {
      get: {
        summary: "One job with its event history and its runners",
        parameters: [jobId],
        responses: { "200": json({ $ref: "#/components/schemas/JobDetails" }, "The job."), "404": json(error, "OFFLOAD_NOT_FOUND"), ...refusals },
      },
    },
    "/api/jobs/{id}/cancel": {
      post: {
        summary: "Ask GitHub to cancel the job's workflow run",
        description: "GitHub owns the job: offload asks it to cancel the run (needs the App's `actions: write`); the `completed` webhook that follows stops the compute.",
        parameters: [jobId],
        responses: {
          "202": json(object({ jobId: { type: "integer" }, runId: { type: "integer" }, repo: { type: "string" }, requested: { type: "boolean" }, detail: { type: "string" } }), "GitHub was asked to cancel the run."),
          "404": json(error, "OFFLOAD_NOT_FOUND"),
          "409": json(error, "OFFLOAD_CANCEL_REFUSED: the job already completed."),
          ...refusals,
        },
      },
    },
    "/api/drain": {
      post: {
        summary: "Pause or resume launching",
        description: "Body `{\"paused\": false}` resumes; anything else pauses. While paused, webhooks are still recorded and runners still cleaned up; nothing new launches (for an upgrade).",
        responses: { "200": json(object({ paused: { type: "boolean" }, detail: { type: "string" } }), "The launching state now."), "501": json(error, "OFFLOAD_NOT_AVAILABLE"), ...refusals },
      },
    },
    "/api/intake": {
      get: {
        summary: "How jobs arrive, and each runner scale set's session",
        description: "`mode` is webhook, scale-set (no inbound connection) or mixed; `scaleSets` lists each set's session state (starting, connected, conflict, lost, stopped) with a sentence; `reportedDemand` is GitHub's statistics per scale-set pool (assigned, running, available jobs; registered, busy, idle runners; the warm target).",
        responses: { "200": json(object({ mode: { type: "string", enum: ["webhook", "scale-set", "mixed"] }, sentence: { type: "string" }, scaleSets: { type: "array", items: { type: "object" } }, reportedDemand: { type: "array", items: { type: "object" } } }), "The intake."), ...refusals },
      },
    },
    "/api/jobs/{id}/log": {
      get: {
        summary: "The job's runner output as server-sent events",
        description: "Events: `runner` ({name, provider, computeId}), `line` ({at, text}) per output line, `notice` ({message}) when there is nothing to stream, `end` ({message}) when the output is over.",
        parameters: [jobId, { name: "follow", in: "query", schema: { type: "string", enum: ["true", "false"], default: "true" } }],
        responses: { "200": sse("The log stream."), "404": json(error, "OFFLOAD_NOT_FOUND"), ...refusals },
      },
    },
    "/api/events": {
      get: {
        summary: "Live changes as server-sent events",
        description: "Events: `job` ({jobId, status}), `runner` ({name, state, jobIds}), `delivery` ({guid, result, jobId}), `reconcile` ({launched, cancelled}); `: keep-alive` comments while quiet. Re-fetch `/api/jobs/{id}` for the details.",
        responses: { "200": sse("The event stream."), ...refusals },
      },
    },
    "/api/pools": {
      get: {
        summary: "Pools with queued demand and idle/busy runners, and the queue's totals",
        description: "`queued` counts jobs offload will run and waits for (the same number as the dashboard, `offload status` and `/metrics`); refused jobs are counted apart by reason; jobs not meant for offload are not counted.",
        responses: {
          "200": json(
            object({
              pools: { type: "array", items: { $ref: "#/components/schemas/Pool" } },
              queued: { type: "integer" },
              refused: { type: "array", items: object({ reason: { type: "string" }, count: { type: "integer" } }) },
            }),
            "The pools.",
          ),
          ...refusals,
        },
      },
    },
    "/api/pools/{key}/retry": {
      post: {
        summary: "End a pool's launch backoff now",
        description: "After fixing what made launches fail (a new HF token, an image): the pool's failure count and backoff end, its circuits close, and it launches at once. `offload retry` and the dashboard's button call this.",
        parameters: [{ name: "key", in: "path", required: true, schema: { type: "string" }, description: "A pool key from GET /api/pools, URL-encoded." }],
        responses: {
          "200": json(object({ poolKey: { type: "string" }, detail: { type: "string" } }), "The backoff ended."),
          "404": json(error, "OFFLOAD_NOT_FOUND: no pool has this key."),
          "501": json(error, "OFFLOAD_NOT_AVAILABLE"),
          ...refusals,
        },
      },
    },
    "/api/costs": {
      get: {
        summary: "Compute cost of one month: per runner, and per repository, organisation, flavor and month (JSON, or CSV with format=csv)",
        parameters: [
          { name: "month", in: "query", schema: { type: "string", pattern: "^\\d{4}-\\d{2}$" }, description: "YYYY-MM (UTC); default this month." },
          { name: "format", in: "query", schema: { type: "string", enum: ["json", "csv"], default: "json" } },
        ],
        responses: {
          "200": { description: "The costs.", content: { "application/json": { schema: { type: "object" } }, "text/csv": { schema: { type: "string" } } } },
          "400": json(error, "OFFLOAD_API_BAD_REQUEST"),
          ...refusals,
        },
      },
    },
    "/api/runners": {
      get: {
        summary: "Runners, newest first",
        parameters: [{ name: "active", in: "query", schema: { type: "string", enum: ["true", "false"] } }, { name: "pool", in: "query", schema: { type: "string" } }, limit],
        responses: { "200": json(list("runners", "Runner"), "The runners."), "400": json(error, "OFFLOAD_API_BAD_REQUEST"), ...refusals },
      },
    },
    "/api/deliveries": {
      get: {
        summary: "Recent webhook deliveries and what intake made of them",
        parameters: [limit],
        responses: { "200": json(list("deliveries", "Delivery"), "The deliveries, newest first."), "400": json(error, "OFFLOAD_API_BAD_REQUEST"), ...refusals },
      },
    },
    "/api/openapi.json": {
      get: { summary: "This description", responses: { "200": json({ type: "object" }, "OpenAPI 3.1 document."), ...refusals } },
    },
  },
  components: {
    securitySchemes: { adminToken: { type: "http", scheme: "bearer", description: "OFFLOAD_ADMIN_TOKEN" } },
    schemas: {
      ErrorAnswer: object({ error: object({ code: { type: "string" }, message: { type: "string" }, remedy: { type: "string" } }) }),
      Job: {
        type: "object",
        description: "A job as the ledger holds it (src/ledger/records.ts JobRecord).",
        properties: {
          jobId: { type: "integer" }, runId: { type: "integer" }, runAttempt: { type: "integer" }, repo: { type: "string" },
          status: { type: "string", enum: Object.keys(JOB_STATUS_RANK) }, conclusion: { type: ["string", "null"] },
          labels: { type: "array", items: { type: "string" } }, name: { type: "string" }, workflowName: { type: ["string", "null"] },
          routing: { type: "string", enum: ["pool", "ignored", "refused"] }, reason: { type: "string" }, flavor: { type: ["string", "null"] },
          poolKey: { type: ["string", "null"] }, createdAt: { type: "string" }, startedAt: { type: ["string", "null"] }, completedAt: { type: ["string", "null"] },
        },
        required: ["jobId", "repo", "status", "labels", "name", "routing", "reason"],
      },
      JobEvent: object({ jobId: { type: "integer" }, at: { type: "string" }, kind: { type: "string" }, detail: { type: "string" } }),
      JobDetails: object({ job: { $ref: "#/components/schemas/Job" }, events: { type: "array", items: { $ref: "#/components/schemas/JobEvent" } }, runners: { type: "array", items: { $ref: "#/components/schemas/Runner" } } }),
      Runner: {
        type: "object",
        properties: {
          name: { type: "string" }, poolKey: { type: "string" }, provider: { type: "string" }, state: { type: "string" },
          forJobId: { type: ["integer", "null"] }, tookJobId: { type: ["integer", "null"] }, computeId: { type: ["string", "null"] }, reason: { type: "string" },
        },
        required: ["name", "poolKey", "provider", "state", "reason"],
      },
      Pool: {
        type: "object",
        properties: {
          key: { type: "string" }, labels: { type: "array", items: { type: "string" } }, flavor: { type: "string" }, provider: { type: "string" },
          queued: { type: "integer", description: "Queued jobs routed to the pool." },
          idle: { type: "integer", description: "Runners planned, registered or launched, not yet given a job." },
          busy: { type: "integer", description: "Runners running a job." },
          failures: { type: "integer" }, retryAt: { type: ["string", "null"] }, lastError: { type: ["string", "null"] },
          nextTryAt: { type: ["string", "null"], description: "When the pool tries to launch again after failures (ISO 8601), null when it is not backing off. POST /api/pools/{key}/retry tries now." },
        },
        required: ["key", "labels", "flavor", "queued", "idle", "busy", "nextTryAt"],
      },
      Delivery: object({
        guid: { type: "string" }, event: { type: "string" }, action: { type: ["string", "null"] }, receivedAt: { type: "string" },
        result: { type: "string", enum: ["accepted", "duplicate", "ignored", "rejected"] }, reason: { type: "string" }, jobId: { type: ["integer", "null"] },
      }),
    },
  },
} as const;
