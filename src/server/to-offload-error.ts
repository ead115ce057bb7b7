import { isOffloadError, OffloadError } from "../errors/offload-error.js";

/** Fastify's own errors that a client can cause, in our catalog's words. */
const FASTIFY_CODES: Readonly<Record<string, (error: Error) => OffloadError>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () =>
    new OffloadError("OFFLOAD_WEBHOOK_TOO_LARGE", "webhook body in POST /webhook: expected at most 25 MiB, as GitHub never sends more"),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    new OffloadError("OFFLOAD_WEBHOOK_CONTENT_TYPE", "Content-Type in POST /webhook: expected application/json"),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    new OffloadError("OFFLOAD_WEBHOOK_BAD_REQUEST", "Content-Length in POST /webhook: expected the body's length"),
};

/**
 * Any error a route raised, as an OffloadError a client may see. Unexpected ones become
 * OFFLOAD_INTERNAL with a fixed message: their text may carry internals the client has no use for.
 */
export function toOffloadError(error: unknown): OffloadError {
  if (isOffloadError(error)) return error;
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  const translate = typeof code === "string" ? FASTIFY_CODES[code] : undefined;
  if (translate !== undefined && error instanceof Error) return translate(error);
  return new OffloadError("OFFLOAD_INTERNAL", "request to offload's HTTP server: failed unexpectedly (see the dispatcher's log)", { cause: error });
}
