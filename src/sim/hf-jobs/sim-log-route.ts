import type { FastifyInstance } from "fastify";
import { findJob } from "./sim-job-routes.js";
import { TERMINAL_SIM_STAGES } from "./sim-job.js";
import type { SimState } from "./sim-state.js";

/**
 * `GET /api/jobs/{ns}/{id}/logs` as HF streams it (reference §6): the history first (or its last
 * `tail` lines), then new lines as they come, `: keep-alive` comments while quiet, and the end of
 * the stream once the job is over, unless `keepLogStreamOpen` (HF "may not close when the job
 * ends", §6). Each event is one `data:` line; `hfFraming` sends them as HF does, one line after
 * another with no blank line between (§6), else with standard SSE blank lines.
 */
export function registerSimLogRoute(app: FastifyInstance, state: SimState): void {
  app.get<{ Params: { namespace: string; id: string }; Querystring: { tail?: string } }>("/api/jobs/:namespace/:id/logs", async (request, reply) => {
    const job = findJob(state, request.params, reply);
    if (job === null) return reply;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const tail = Number(request.query.tail);
    let sent = Number.isInteger(tail) && tail >= 0 ? Math.max(0, job.logs.length - tail) : 0;
    const end = state.hfLogFraming ? "\n" : "\n\n";
    const keepAlive = setInterval(() => raw.write(`: keep-alive${end}`), state.keepAliveMs);
    const close = (): void => {
      clearInterval(keepAlive);
      job.listeners.delete(flush);
      state.streams.delete(close);
      if (!raw.writableEnded) raw.end();
    };
    const flush = (): void => {
      for (; sent < job.logs.length; sent += 1) raw.write(`data: ${JSON.stringify(job.logs[sent])}${end}`);
      if (TERMINAL_SIM_STAGES.has(job.stage) && !state.keepLogStreamOpen) close();
    };
    job.listeners.add(flush);
    state.streams.add(close);
    raw.on("close", close);
    flush();
  });
}
