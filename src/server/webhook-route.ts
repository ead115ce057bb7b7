import type { FastifyInstance, FastifyRequest } from "fastify";
import { OffloadError } from "../errors/offload-error.js";
import { handleDelivery } from "../intake/handle-delivery.js";
import { verifySignature } from "../intake/verify-signature.js";
import type { Ledger } from "../ledger/ledger.js";
import type { RejectedDeliveries } from "./rejected-deliveries.js";
import type { ServerDeps } from "./server-deps.js";
import { toOffloadError } from "./to-offload-error.js";

/** GitHub caps webhook payloads at 25 MB (github-protocol.md §1.1); anything larger is not GitHub. */
export const WEBHOOK_BODY_LIMIT = 25 * 1024 * 1024;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

function requireReady(deps: ServerDeps): Ledger {
  if (deps.config.missing.length > 0) {
    throw new OffloadError("OFFLOAD_NEEDS_SETUP", `dispatcher needs setup: set ${deps.config.missing.join(", ")} and restart`);
  }
  if (deps.ledger === null) throw new OffloadError("OFFLOAD_LEDGER", "ledger in this dispatcher: not open, so nothing can be recorded");
  return deps.ledger;
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (cause) {
    // V8's message can quote the body; keep only where parsing stopped.
    const position = /position (\d+)/.exec(cause instanceof Error ? cause.message : "")?.[1];
    const where = position === undefined ? "invalid or truncated" : `invalid at character ${position}`;
    throw new OffloadError("OFFLOAD_WEBHOOK_BAD_REQUEST", `webhook body in POST /webhook: expected JSON (${where})`);
  }
}

function checkRequest(request: FastifyRequest, raw: Buffer, deps: ServerDeps): { event: string; guid: string } {
  if (!verifySignature(raw, header(request, "x-hub-signature-256"), deps.config.github.webhookSecrets)) {
    const what = header(request, "x-hub-signature-256") === undefined ? "is missing" : "does not match GH_WEBHOOK_SECRET (or GH_WEBHOOK_SECRET_NEXT)";
    throw new OffloadError("OFFLOAD_WEBHOOK_SIGNATURE", `X-Hub-Signature-256 in POST /webhook: ${what}`);
  }
  const type = (header(request, "content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    throw new OffloadError("OFFLOAD_WEBHOOK_CONTENT_TYPE", `Content-Type '${type || "(none)"}' in POST /webhook: expected application/json`);
  }
  const event = header(request, "x-github-event");
  const guid = header(request, "x-github-delivery");
  if (event === undefined || guid === undefined || guid.length > 200) {
    throw new OffloadError("OFFLOAD_WEBHOOK_BAD_REQUEST", "headers in POST /webhook: expected X-GitHub-Event and X-GitHub-Delivery (at most 200 characters)");
  }
  return { event, guid };
}

/**
 * `POST /webhook` in its own scope: the body stays a raw Buffer (the signature is over the exact
 * bytes), and every refusal is kept in `rejected` rather than the ledger.
 */
export function registerWebhookRoute(app: FastifyInstance, deps: ServerDeps, rejected: RejectedDeliveries): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((error, request, reply) => {
      const offload = toOffloadError(error);
      const guid = header(request, "x-github-delivery")?.slice(0, 200) ?? "(none)";
      const event = header(request, "x-github-event")?.slice(0, 100) ?? "(none)";
      const record = { guid, event, action: null, receivedAt: deps.clock.iso(), result: "rejected" as const, reason: `${offload.code}: ${offload.message}`, jobId: null };
      rejected.add(record);
      deps.bus.emit("delivery:received", record);
      request.log[offload.status >= 500 ? "error" : "warn"]({ code: offload.code, status: offload.status, guid, event, err: offload.status >= 500 ? error : undefined }, "webhook rejected");
      return reply.status(offload.status).send({ error: offload.toJSON() });
    });
    scope.post("/webhook", { bodyLimit: WEBHOOK_BODY_LIMIT, onRequest: async () => void requireReady(deps) }, async (request) => {
      const arrivedAt = performance.now();
      const ledger = requireReady(deps);
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const { event, guid } = checkRequest(request, raw, deps);
      const answer = await handleDelivery({ ledger, config: deps.config, clock: deps.clock, bus: deps.bus, wake: deps.wake }, { guid, event, body: parseJson(raw), arrivedAt });
      request.log.info({ guid, event, answer }, "webhook handled");
      return answer;
    });
  });
}
