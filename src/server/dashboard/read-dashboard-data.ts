import type { Ledger } from "../../ledger/ledger.js";
import { readQueueView } from "../read-queue-view.js";
import { listRecentDeliveries } from "../list-recent-deliveries.js";
import type { RejectedDeliveries } from "../rejected-deliveries.js";
import type { ServerDeps } from "../server-deps.js";
import type { DashboardData } from "./render-dashboard-page.js";

/** Rows in the live table; older jobs are in the API (`/api/jobs?before=`). */
const TABLE_JOBS = 100;
/** Jobs the charts and the day's totals are drawn from. */
const CHART_JOBS = 1000;
const DELIVERIES = 12;

/**
 * Reads what the dashboard shows. Without a ledger (setup not finished, database down) the page
 * still renders, empty, with the health checks saying why.
 */
export async function readDashboardData(deps: Pick<ServerDeps, "ledger" | "clock" | "readiness">, rejected: RejectedDeliveries): Promise<DashboardData> {
  const ledger: Ledger | null = deps.ledger;
  const [chartJobs, queue, deliveries, readiness] = await Promise.all([
    ledger?.listJobs({ limit: CHART_JOBS }) ?? [],
    ledger === null ? null : readQueueView(ledger, deps.clock.now()),
    ledger === null ? rejected.list(DELIVERIES) : listRecentDeliveries(ledger, rejected, DELIVERIES),
    deps.readiness(),
  ]);
  return {
    now: deps.clock.now(),
    jobs: chartJobs.slice(0, TABLE_JOBS),
    chartJobs,
    pools: queue?.pools ?? [],
    queue,
    deliveries,
    readiness,
  };
}
