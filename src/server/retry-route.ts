import type { FastifyInstance } from "fastify";
import { OffloadError } from "../errors/offload-error.js";

/** Ends a pool's backoff now (the reconciler's `retry`): resolves with the pool's key, or null when there is no such pool. */
export type RetryPool = (poolKey: string) => Promise<{ key: string } | null>;

/**
 * `POST /api/pools/{key}/retry`: a person fixed what made launches fail (a new HF token, an image)
 * and says "try now" instead of waiting out the backoff. `offload retry` and the dashboard's
 * "Retry now" button call it.
 */
export function registerRetryRoute(app: FastifyInstance, deps: { retryPool?: RetryPool | undefined; config: { missing: readonly string[] } }): void {
  app.post<{ Params: { key: string } }>("/api/pools/:key/retry", async (request) => {
    const { key } = request.params;
    const retry = deps.retryPool;
    if (retry === undefined) {
      if (deps.config.missing.length > 0) throw new OffloadError("OFFLOAD_NEEDS_SETUP", `retry in POST /api/pools/{key}/retry: this dispatcher needs setup (${deps.config.missing.join(", ")})`);
      throw new OffloadError("OFFLOAD_NOT_AVAILABLE", "retry in POST /api/pools/{key}/retry: this dispatcher runs no reconciler");
    }
    const pool = await retry(key);
    if (pool === null) throw new OffloadError("OFFLOAD_NOT_FOUND", `Pool '${key.slice(0, 300)}' in POST /api/pools/{key}/retry: expected a key from GET /api/pools`);
    request.log.info({ pool: pool.key }, "pool backoff cleared by a person");
    return { poolKey: pool.key, detail: "backoff cleared: the pool launches now" };
  });
}
