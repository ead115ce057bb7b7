import { Readable } from "node:stream";
import { Agent, interceptors, request, type Dispatcher } from "undici";

/** Statuses whose response has no body by definition; `new Response` refuses one for them. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Redirects followed, as fetch does (GitHub answers 301/307 for renamed repositories). */
const MAX_REDIRECTIONS = 5;

/**
 * A `fetch` for the dispatcher's upstream calls (GitHub REST, HF Jobs), over undici's `request`
 * with a keep-alive pool of its own. WHATWG fetch cost 1.2–1.7 ms of CPU per call on this kind of
 * machine and `request` 0.5 ms (loopback, 2 cores; `bench/README.md`), and a launch makes two
 * calls. Callers keep fetch's contract: a real `Response` (bodies are read whole before it is
 * handed over, except `text/event-stream`, which streams), redirects followed, a network failure
 * as `TypeError('fetch failed', { cause })`, an abort as the signal's reason. Inputs it does not
 * take (a `Request`, a streamed request body) go to the global fetch unchanged.
 */
export function createUndiciFetch(): typeof fetch {
  const following = new Agent().compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTIONS }));
  const manual = new Agent();
  return async (input, init) => {
    const body = init?.body ?? undefined;
    if (input instanceof Request || !(body === undefined || typeof body === "string" || body instanceof Uint8Array)) {
      return globalThis.fetch(input, init);
    }
    const signal = init?.signal ?? undefined;
    signal?.throwIfAborted();
    let answer: Dispatcher.ResponseData;
    try {
      answer = await request(input, {
        method: (init?.method ?? "GET").toUpperCase() as Dispatcher.HttpMethod,
        headers: plainHeaders(init?.headers),
        ...(body === undefined ? {} : { body }),
        ...(signal === undefined ? {} : { signal }),
        dispatcher: init?.redirect === "manual" || init?.redirect === "error" ? manual : following,
      });
    } catch (error) {
      if (signal?.aborted === true) throw signal.reason;
      throw new TypeError("fetch failed", { cause: error });
    }
    if (init?.redirect === "error" && answer.statusCode >= 300 && answer.statusCode < 400) {
      answer.body.resume();
      throw new TypeError("fetch failed", { cause: new Error(`redirect (${answer.statusCode}) refused: redirect is "error"`) });
    }
    return toResponse(answer, String(input), signal);
  };
}

async function toResponse(answer: Dispatcher.ResponseData, url: string, signal: AbortSignal | undefined): Promise<Response> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  let body: ConstructorParameters<typeof Response>[0];
  if (NULL_BODY_STATUSES.has(answer.statusCode)) {
    answer.body.resume();
    body = null;
  } else if ((headers.get("content-type") ?? "").toLowerCase().startsWith("text/event-stream")) {
    body = Readable.toWeb(answer.body) as ReadableStream<Uint8Array>;
  } else {
    try {
      body = Buffer.from(await answer.body.arrayBuffer());
    } catch (error) {
      if (signal?.aborted === true) throw signal.reason;
      throw new TypeError("fetch failed", { cause: error });
    }
  }
  const response = new Response(body, { status: answer.statusCode, headers });
  // A constructed Response has no URL; fetch's carries the one it ended at (Octokit reports it).
  Object.defineProperty(response, "url", { value: url });
  return response;
}

function plainHeaders(headers: RequestInit["headers"]): Record<string, string | string[]> {
  if (headers === undefined) return {};
  if (headers instanceof Headers) return Object.fromEntries(headers.entries());
  if (Array.isArray(headers)) return Object.fromEntries(headers);
  // A record of names to values (Octokit's and the HF provider's shape); undici only reads it.
  return headers as Record<string, string | string[]>;
}
