import type { FastifyInstance } from "fastify";
import { SIM_HARDWARE, type SimHardware } from "./sim-hardware.js";
import { findJob } from "./sim-job-routes.js";
import { TERMINAL_SIM_STAGES, type SimJobRecord } from "./sim-job.js";
import type { SimState } from "./sim-state.js";

/**
 * `GET /api/jobs/{ns}/{id}/metrics` as HF streams it (reference/hf-jobs-api.md §7): 500 for a job
 * that has already finished; otherwise an `event: metric` with one JSON `data:` line per interval
 * while the job runs, nothing while it is still scheduled (no hardware attached yet), `: keep-alive`
 * comments, and a stream that does not end when the job does.
 */
export function registerSimMetricsRoute(app: FastifyInstance, state: SimState): void {
  app.get<{ Params: { namespace: string; id: string } }>("/api/jobs/:namespace/:id/metrics", async (request, reply) => {
    const job = findJob(state, request.params, reply);
    if (job === null) return reply;
    if (TERMINAL_SIM_STAGES.has(job.stage)) return reply.code(500).send({ error: `Job ${job.id} has finished; it has no metrics` });
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const hardware = SIM_HARDWARE.get(job.flavor);
    const tick = setInterval(() => {
      if (job.stage === "RUNNING" && hardware !== undefined) raw.write(`event: metric\ndata: ${JSON.stringify(metricOf(job, hardware))}\n\n`);
    }, state.metricsIntervalMs);
    const keepAlive = setInterval(() => raw.write(": keep-alive\n\n"), state.keepAliveMs);
    const close = (): void => {
      clearInterval(tick);
      clearInterval(keepAlive);
      state.streams.delete(close);
      if (!raw.writableEnded) raw.end();
    };
    state.streams.add(close);
    raw.on("close", close);
  });
}

/** One sample in HF's field names (§7); an idle container on the flavor's hardware. */
function metricOf(job: SimJobRecord, hardware: SimHardware): Record<string, unknown> {
  const gpus: Record<string, unknown> = {};
  const accelerator = hardware.accelerator;
  if (accelerator !== null) {
    const perGpu = Math.round((accelerator.vramGb / accelerator.quantity) * 1e9);
    for (let i = 0; i < accelerator.quantity; i += 1) {
      gpus[`${job.id.slice(0, 6)}${i.toString(16).padStart(2, "0")}`] = { utilization: 0, memory_used_bytes: 0, memory_total_bytes: perGpu };
    }
  }
  return {
    cpu_usage_pct: 0,
    cpu_millicores: hardware.cpu * 1000,
    memory_used_bytes: 1_417_216,
    memory_total_bytes: hardware.ramGb * 1e9,
    rx_bps: 0,
    tx_bps: 0,
    gpus,
    replica: job.id.slice(-5),
  };
}
