import type { Clock } from "../../clock/clock.js";
import type { Secret } from "../../config/secret.js";
import { parseRetryAfter } from "../backoff.js";
import { HfApiError } from "./hf-api-error.js";
import { maskSecrets, readHfErrorText } from "./read-hf-error-text.js";

/** One HTTP call to HF Jobs, as the provider's files describe it. */
export interface HfRequest {
  readonly method: "GET" | "POST";
  /** Absolute URL; must be on the configured endpoint's origin (the token goes nowhere else). */
  readonly url: string;
  readonly body?: unknown;
  readonly accept?: string;
  readonly signal?: AbortSignal;
  /** Whole-call limit in ms; 0 for streams, whose body may last as long as the job. */
  readonly timeoutMs: number;
}

export interface SendDeps {
  readonly endpoint: string;
  readonly token: Secret;
  readonly fetch: typeof fetch;
  readonly clock: Clock;
}

/**
 * Sends one request and returns the 2xx response; anything else becomes an `HfApiError` carrying
 * the status, HF's error text (secrets masked) and Retry-After. No retries here.
 */
export async function sendHfRequest(op: string, request: HfRequest, deps: SendDeps, secrets: readonly string[] = []): Promise<Response> {
  if (new URL(request.url).origin !== new URL(deps.endpoint).origin) {
    throw new HfApiError(op, null, `refusing to send the HF token to ${new URL(request.url).origin}`);
  }
  const signals = [request.signal, request.timeoutMs > 0 ? AbortSignal.timeout(request.timeoutMs) : undefined].filter(
    (s): s is AbortSignal => s !== undefined,
  );
  const headers: Record<string, string> = {
    authorization: `Bearer ${deps.token.reveal()}`,
    accept: request.accept ?? "application/json",
  };
  if (request.body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await deps.fetch(request.url, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      ...(signals.length === 0 ? {} : { signal: AbortSignal.any(signals) }),
    });
  } catch (error) {
    if (request.signal?.aborted === true) throw error;
    const masked = maskSecrets(networkReason(error), [deps.token.reveal(), ...secrets]);
    throw new HfApiError(op, null, masked, { cause: error });
  }
  if (response.ok) return response;
  const text = await readHfErrorText(response, [deps.token.reveal(), ...secrets]);
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), deps.clock.now());
  throw new HfApiError(op, response.status, text, { retryAfterMs });
}

function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return "unknown error";
  const cause = error.cause;
  if (cause instanceof Error && "code" in cause && typeof cause.code === "string") return cause.code;
  return error.name === "TimeoutError" ? "timed out" : error.message;
}
