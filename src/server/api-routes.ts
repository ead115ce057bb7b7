import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { OffloadError } from "../errors/offload-error.js";
import type { JobFilter, Ledger } from "../ledger/ledger.js";
import { JOB_STATUS_RANK, type JobStatus } from "../intake/job-fact.js";
import { readQueueView } from "./read-queue-view.js";
import { listRecentDeliveries } from "./list-recent-deliveries.js";
import { OPENAPI_DOCUMENT } from "./openapi-document.js";
import { readJobDetails } from "./read-job-details.js";
import type { RejectedDeliveries } from "./rejected-deliveries.js";

const STATUSES = Object.keys(JOB_STATUS_RANK) as [JobStatus, ...JobStatus[]];
const limit = z.coerce.number().int().min(1).max(500).default(50);
const JobsQuery = z.object({
  status: z.enum(STATUSES).optional(),
  repo: z.string().min(1).max(200).optional(),
  label: z.string().min(1).max(256).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit,
});
const RunnersQuery = z.object({ active: z.enum(["true", "false"]).optional(), pool: z.string().min(1).optional(), limit });
const LimitQuery = z.object({ limit });

function readQuery<T>(schema: z.ZodType<T>, query: unknown, route: string): T {
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => `${issue.path.join(".")} (${issue.message})`).join(", ");
  throw new OffloadError("OFFLOAD_API_BAD_REQUEST", `query ${fields} in GET ${route}: expected status one of ${STATUSES.join("|")}, limit 1-500`);
}

/** The JSON view of the ledger under `/api/`; read-only. */
export function registerApiRoutes(app: FastifyInstance, ledger: () => Ledger, rejected: RejectedDeliveries, now: () => number = Date.now): void {
  app.get("/api/jobs", async (request) => {
    const query = readQuery(JobsQuery, request.query, "/api/jobs");
    const filter: JobFilter = {
      limit: query.limit,
      ...(query.status && { status: query.status }),
      ...(query.repo && { repo: query.repo }),
      ...(query.label && { label: query.label }),
      ...(query.before && { beforeJobId: query.before }),
    };
    return { jobs: await ledger().listJobs(filter) };
  });

  app.get<{ Params: { id: string } }>("/api/jobs/:id", async (request) => readJobDetails(ledger(), request.params.id));

  app.get("/api/pools", async () => {
    const { pools, queued, refused } = await readQueueView(ledger(), now());
    return { pools, queued, refused };
  });

  app.get("/api/runners", async (request) => {
    const query = readQuery(RunnersQuery, request.query, "/api/runners");
    const filter = { limit: query.limit, ...(query.active && { active: query.active === "true" }), ...(query.pool && { poolKey: query.pool }) };
    return { runners: await ledger().listRunners(filter) };
  });

  app.get("/api/deliveries", async (request) => {
    const query = readQuery(LimitQuery, request.query, "/api/deliveries");
    const deliveries = await listRecentDeliveries(ledger(), rejected, query.limit);
    return { deliveries };
  });

  app.get("/api/openapi.json", async () => OPENAPI_DOCUMENT);
}
