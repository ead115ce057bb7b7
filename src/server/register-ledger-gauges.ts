import { Gauge, type Registry } from "prom-client";
import { findFlavor } from "../config/flavors.js";
import type { Ledger } from "../ledger/ledger.js";
import { RUNNER_STATES, TERMINAL_RUNNER_STATES } from "../domain/runner-states.js";
import type { JobStatus } from "../intake/job-fact.js";
import { estimateIdleCostUsd } from "./estimate-idle-cost.js";

/** Job states counted on scrape: the ones that end, so the count stays small (completed ones pile up). */
const OPEN_JOB_STATES: readonly JobStatus[] = ["waiting", "queued", "in_progress"];
const ACTIVE_RUNNER_STATES = RUNNER_STATES.filter((state) => !TERMINAL_RUNNER_STATES.includes(state));
/** A bound on one scrape's read; a ledger with more open jobs than this has bigger problems. */
const SCRAPE_LIMIT = 10_000;

/** Gauges read from the ledger when Prometheus scrapes: open jobs, live runners, compute cost. */
export function registerLedgerGauges(registry: Registry, ledger: Ledger | null, now: () => number): void {
  new Gauge({
    name: "offload_jobs",
    help: "Jobs offload serves that are not completed, by state and flavor. `queued` is the ledger's one count (the dashboard's and offload status's): jobs offload will run and waits for; refused jobs are in offload_refused_jobs, jobs not meant for offload nowhere.",
    labelNames: ["state", "flavor"],
    registers: [registry],
    async collect() {
      this.reset();
      if (ledger === null) return;
      for (const state of OPEN_JOB_STATES) this.set({ state, flavor: "" }, 0);
      const queue = await ledger.queue();
      for (const facts of queue.pools) if (facts.queued > 0) this.inc({ state: "queued", flavor: facts.pool.flavor }, facts.queued);
      for (const state of OPEN_JOB_STATES.filter((s) => s !== "queued")) {
        for (const job of await ledger.listJobs({ status: state, limit: SCRAPE_LIMIT })) if (job.routing === "pool") this.inc({ state, flavor: job.flavor ?? "" });
      }
    },
  });
  new Gauge({
    name: "offload_idle_runner_cost_usd",
    help: "Estimated cost so far of runners kept beyond the queue (warm pools), by flavor: list price per hour times the time since launch.",
    labelNames: ["flavor"],
    registers: [registry],
    async collect() {
      this.reset();
      if (ledger === null) return;
      for (const facts of (await ledger.queue()).pools) if (facts.idle.length > 0) this.inc({ flavor: facts.pool.flavor }, estimateIdleCostUsd(facts, now()));
    },
  });
  new Gauge({
    name: "offload_refused_jobs",
    help: "Queued jobs offload will not run, by the reason it gives (unknown flavor, repository not allowed...).",
    labelNames: ["reason"],
    registers: [registry],
    async collect() {
      this.reset();
      if (ledger === null) return;
      for (const { reason, count } of (await ledger.queue()).refused) this.set({ reason }, count);
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
  new Gauge({
    name: "offload_compute_cost_usd",
    help: "Estimated compute cost of the most recent runners, by flavor: list price per hour times the time from launch to end (or now).",
    labelNames: ["flavor"],
    registers: [registry],
    async collect() {
      this.reset();
      if (ledger === null) return;
      const flavorOf = new Map((await ledger.listPools()).map((pool) => [pool.key, pool.flavor]));
      for (const runner of await ledger.listRunners({ limit: SCRAPE_LIMIT })) {
        const flavor = flavorOf.get(runner.poolKey);
        const price = flavor === undefined ? undefined : findFlavor(flavor)?.priceUsdPerHour;
        if (flavor === undefined || price === undefined || runner.launchedAt === null) continue;
        const end = runner.endedAt === null ? now() : Date.parse(runner.endedAt);
        this.inc({ flavor }, (Math.max(0, end - Date.parse(runner.launchedAt)) / 3_600_000) * price);
      }
    },
  });
}
