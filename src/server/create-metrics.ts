import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { EventBus } from "../events/event-bus.js";
import type { Ledger } from "../ledger/ledger.js";
import { TERMINAL_RUNNER_STATES, RUNNER_STATES, type JobStatus } from "../ledger/records.js";

/** Job states counted on scrape: the ones that end, so the count stays small (completed ones pile up). */
const OPEN_JOB_STATES: readonly JobStatus[] = ["waiting", "queued", "in_progress"];
const ACTIVE_RUNNER_STATES = RUNNER_STATES.filter((state) => !TERMINAL_RUNNER_STATES.includes(state));
/** A bound on one scrape's read; a ledger with more open jobs than this has bigger problems. */
const SCRAPE_LIMIT = 10_000;

/** The dispatcher's Prometheus metrics: counters fed from the event bus, gauges read from the ledger on scrape. */
export interface OffloadMetrics {
  readonly registry: Registry;
  /** Unsubscribes from the bus. */
  close(): void;
}

export function createMetrics(deps: { ledger: Ledger | null; bus: EventBus }): OffloadMetrics {
  const registry = new Registry();
  const { ledger, bus } = deps;
  const deliveries = new Counter({ name: "offload_webhook_deliveries_total", help: "Webhook deliveries by result (accepted, duplicate, ignored, rejected).", labelNames: ["result"], registers: [registry] });
  const launches = new Counter({ name: "offload_runner_launches_total", help: "Runner launches by result (launched, failed).", labelNames: ["result"], registers: [registry] });
  const reconcile = new Histogram({
    name: "offload_reconcile_duration_seconds",
    help: "Duration of one reconcile pass.",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  new Gauge({
    name: "offload_jobs",
    help: "Jobs in the ledger that are not completed, by state.",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      this.reset();
      if (ledger === null) return;
      for (const state of OPEN_JOB_STATES) this.set({ state }, (await ledger.listJobs({ status: state, limit: SCRAPE_LIMIT })).length);
    },
  });
  new Gauge({
    name: "offload_runners",
    help: "Runners offload owns that have not ended, by state.",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      this.reset();
      if (ledger === null) return;
      for (const state of ACTIVE_RUNNER_STATES) this.set({ state }, 0);
      for (const runner of await ledger.listRunners({ active: true, limit: SCRAPE_LIMIT })) this.inc({ state: runner.state });
    },
  });
  const unsubscribe = [
    bus.on("delivery:received", (event) => deliveries.inc({ result: event.result })),
    bus.on("runner:launched", () => launches.inc({ result: "launched" })),
    bus.on("runner:failed", () => launches.inc({ result: "failed" })),
    bus.on("reconcile:pass", (event) => reconcile.observe(event.durationMs / 1000)),
  ];
  return { registry, close: () => unsubscribe.forEach((off) => off()) };
}
