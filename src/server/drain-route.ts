import type { FastifyInstance } from "fastify";
import { OffloadError } from "../errors/offload-error.js";

/** Pauses or resumes launching; everything else (recording, cancelling, clean-up) goes on. */
export interface Drain {
  set(paused: boolean): void;
  paused(): boolean;
}

/**
 * `POST /api/drain` (`{"paused": false}` resumes): for an upgrade, stop launching new runners
 * while webhooks are still recorded, so the next version launches them and nothing is lost.
 */
export function registerDrainRoute(app: FastifyInstance, deps: { drain?: Drain | undefined; config: { missing: readonly string[] } }): void {
  app.post<{ Body: unknown }>("/api/drain", async (request) => {
    const drain = deps.drain;
    if (drain === undefined) {
      if (deps.config.missing.length > 0) throw new OffloadError("OFFLOAD_NEEDS_SETUP", `drain in POST /api/drain: this dispatcher needs setup (${deps.config.missing.join(", ")})`);
      throw new OffloadError("OFFLOAD_NOT_AVAILABLE", "drain in POST /api/drain: this dispatcher runs no reconciler");
    }
    const body = request.body;
    const paused = typeof body === "object" && body !== null && (body as { paused?: unknown }).paused === false ? false : true;
    drain.set(paused);
    request.log.info({ paused }, paused ? "launching paused (drain)" : "launching resumed");
    return { paused: drain.paused(), detail: paused ? "launching paused: webhooks are still recorded; resume with offload drain --resume" : "launching resumed" };
  });
}
