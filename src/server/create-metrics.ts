import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { EventBus } from "../events/event-bus.js";
import type { Ledger } from "../ledger/ledger.js";
import { registerLedgerGauges } from "./register-ledger-gauges.js";

/** Queued jobs whose arrival is remembered for the dispatch-overhead histogram. */
const MAX_TRACKED_ARRIVALS = 10_000;

/** The dispatcher's Prometheus metrics: counters fed from the event bus, gauges read from the ledger on scrape. */
export interface OffloadMetrics {
  readonly registry: Registry;
  /** Unsubscribes from the bus. */
  close(): void;
}

export function createMetrics(deps: {
  ledger: Ledger | null;
  bus: EventBus;
  githubRateLimit?: () => { remaining: number | null; resetAt: number | null };
  leader?: () => boolean;
}): OffloadMetrics {
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
  registerLedgerGauges(registry, ledger, Date.now);
  const overhead = new Histogram({
    name: "offload_dispatch_overhead_seconds",
    help: "Time offload adds from a queued job's webhook arriving to its runner's compute being requested, the GitHub registration call excluded.",
    buckets: [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  // Arrival times of queued jobs not yet launched for, oldest first; bounded so that jobs never
  // launched for (cancelled, unroutable later) cannot grow it without end.
  const arrivals = new Map<number, number>();
  const commits = new Histogram({
    name: "offload_ledger_commit_seconds",
    help: "Duration of one SQLite ledger commit (the writes of one event-loop turn), which holds the event loop.",
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    registers: [registry],
  });
  const commitWrites = new Histogram({
    name: "offload_ledger_writes_per_commit",
    help: "Ledger writes that shared one SQLite commit.",
    buckets: [1, 2, 5, 10, 20, 50, 100, 200],
    registers: [registry],
  });
  const startup = new Histogram({
    name: "offload_job_startup_seconds",
    help: "Time from a job being queued on GitHub to a runner starting it, by its offload label.",
    labelNames: ["label"],
    buckets: [1, 5, 10, 20, 30, 45, 60, 90, 120, 180, 300, 600, 1800],
    registers: [registry],
  });
  const providerCalls = new Counter({ name: "offload_provider_calls_total", help: "Calls to compute providers by provider, operation and result (ok, error).", labelNames: ["provider", "op", "result"], registers: [registry] });
  const providerLatency = new Histogram({
    name: "offload_provider_call_duration_seconds",
    help: "Duration of calls to compute providers.",
    labelNames: ["provider", "op"],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const githubRateLimit = deps.githubRateLimit;
  new Gauge({
    name: "offload_github_rate_limit_remaining",
    help: "GitHub REST requests left in the current window, as the last response said.",
    registers: [registry],
    collect() {
      const remaining = githubRateLimit?.().remaining ?? null;
      if (remaining !== null) this.set(remaining);
    },
  });
  const leader = deps.leader;
  new Gauge({
    name: "offload_leader",
    help: "1 when this replica holds the leader lease (runs the poller, the sweeps and redelivery), else 0.",
    registers: [registry],
    collect() {
      this.set(leader?.() === true ? 1 : 0);
    },
  });
  const observeStartup = async (jobId: number): Promise<void> => {
    const job = await ledger?.getJob(jobId);
    if (job?.startedAt == null || job.flavor === null) return;
    const label = job.labels.find((l) => l.toLowerCase().startsWith("hf-jobs-"))?.toLowerCase() ?? job.flavor;
    startup.observe({ label }, Math.max(0, Date.parse(job.startedAt) - Date.parse(job.createdAt)) / 1000);
  };
  const unsubscribe = [
    bus.on("delivery:received", (event) => deliveries.inc({ result: event.result })),
    bus.on("runner:launched", () => launches.inc({ result: "launched" })),
    bus.on("runner:failed", () => launches.inc({ result: "failed" })),
    bus.on("reconcile:pass", (event) => reconcile.observe(event.durationMs / 1000)),
    bus.on("demand:recorded", (event) => {
      if (arrivals.has(event.jobId)) return;
      if (arrivals.size >= MAX_TRACKED_ARRIVALS) arrivals.delete(arrivals.keys().next().value as number);
      arrivals.set(event.jobId, event.arrivedAt);
    }),
    bus.on("runner:requesting", (event) => {
      if (event.forJobId === null) return;
      const arrivedAt = arrivals.get(event.forJobId);
      if (arrivedAt === undefined) return;
      arrivals.delete(event.forJobId);
      overhead.observe(Math.max(0, event.at - arrivedAt - event.githubMs) / 1000);
    }),
    bus.on("ledger:commit", (event) => {
      commits.observe(event.durationMs / 1000);
      commitWrites.observe(event.writes);
    }),
    bus.on("job:updated", (event) => {
      if (event.status === "in_progress") void observeStartup(event.jobId).catch(() => undefined);
    }),
    bus.on("provider:call", (event) => {
      providerCalls.inc({ provider: event.provider, op: event.op, result: event.ok ? "ok" : "error" });
      providerLatency.observe({ provider: event.provider, op: event.op }, event.durationMs / 1000);
    }),
  ];
  return { registry, close: () => unsubscribe.forEach((off) => off()) };
}
