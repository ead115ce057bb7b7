import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import packageJson from "../../../package.json" with { type: "json" };
import { OffloadError } from "../../errors/offload-error.js";
import type { Ledger } from "../../ledger/ledger.js";
import { accessOf } from "../access-guard.js";
import { describeService } from "../describe-service.js";
import { readJobDetails } from "../read-job-details.js";
import type { RejectedDeliveries } from "../rejected-deliveries.js";
import { prefersHtml } from "../request-facts.js";
import { PAGE_SECURITY_HEADERS, sendPage } from "../send-page.js";
import type { ServerDeps } from "../server-deps.js";
import { readDashboardData } from "./read-dashboard-data.js";
import { DASHBOARD_SECTIONS, renderDashboardPage, type DashboardSection } from "./render-dashboard-page.js";
import { renderJobDetails, renderJobPage } from "./render-job-page.js";
import { renderStatusPage } from "./render-status-page.js";

const ASSETS: Readonly<Record<string, string>> = { "dashboard.css": "text/css; charset=utf-8", "dashboard.js": "text/javascript; charset=utf-8" };

function readAsset(name: string): string {
  return readFileSync(new URL(`./assets/${name}`, import.meta.url), "utf8");
}

/**
 * The pages: `/` (the dashboard for browsers, the service description for everything else),
 * `/jobs/:id`, `/status`, the sections the client script refreshes, and the two static assets.
 * The access guard has already decided who may see them.
 */
export function registerDashboardRoutes(app: FastifyInstance, deps: ServerDeps, ledger: () => Ledger, rejected: RejectedDeliveries): void {
  const assets = new Map(Object.keys(ASSETS).map((name) => [name, readAsset(name)]));

  app.get("/", async (request, reply) => {
    if (!prefersHtml(request.headers.accept)) return reply.header("vary", "Accept").send(describeService(deps.config, packageJson.version));
    const data = await readDashboardData(deps, rejected);
    return sendPage(reply.header("vary", "Accept"), renderDashboardPage(data, accessOf(request)));
  });

  app.get<{ Params: { id: string } }>("/jobs/:id", async (request, reply) => {
    const details = await readJobDetails(ledger(), request.params.id);
    return sendPage(reply, renderJobPage(details, deps.clock.now(), accessOf(request)));
  });

  app.get<{ Params: { id: string } }>("/dashboard/sections/job/:id", async (request, reply) => {
    const details = await readJobDetails(ledger(), request.params.id);
    return sendPage(reply, renderJobDetails(details, deps.clock.now()));
  });

  app.get<{ Params: { name: string } }>("/dashboard/sections/:name", async (request, reply) => {
    const name = request.params.name;
    if (!Object.hasOwn(DASHBOARD_SECTIONS, name)) throw new OffloadError("OFFLOAD_NOT_FOUND", `section '${name.slice(0, 40)}' in the dashboard: expected one of ${Object.keys(DASHBOARD_SECTIONS).join(", ")}`);
    const data = await readDashboardData(deps, rejected);
    return sendPage(reply, DASHBOARD_SECTIONS[name as DashboardSection](data));
  });

  app.get("/status", async (request, reply) => {
    const data = await readDashboardData(deps, rejected);
    return sendPage(reply, renderStatusPage({ now: data.now, jobs: data.chartJobs, pools: data.pools, queue: data.queue, readiness: data.readiness }, accessOf(request)));
  });

  app.get<{ Params: { file: string } }>("/dashboard/assets/:file", async (request, reply) => {
    const body = assets.get(request.params.file);
    const type = ASSETS[request.params.file];
    if (body === undefined || type === undefined) throw new OffloadError("OFFLOAD_NOT_FOUND", `asset '${request.params.file.slice(0, 60)}' in the dashboard: no such file`);
    return reply.headers({ ...PAGE_SECURITY_HEADERS, "cache-control": "no-cache" }).type(type).send(body);
  });
}
