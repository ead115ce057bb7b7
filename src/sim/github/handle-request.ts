import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { OpenApiValidator } from "./openapi-validator.js";
import { answerFault, type RestFaults } from "./rest-faults.js";
import { answerError, answerNotFound, type RouteTable, type SimAnswer, type SimRequest } from "./route-table.js";
import type { SimContext } from "./sim-context.js";
import { preciseNow, type SimCall } from "../sim-call.js";

export type { SimCall } from "../sim-call.js";

export interface PipelineDeps {
  readonly context: SimContext;
  readonly rest: RouteTable;
  readonly protocol: RouteTable;
  /** GitHub endpoints outside its REST description (the Actions service, runner registration): not checked against it. */
  readonly unlisted?: RouteTable;
  readonly validator: OpenApiValidator | null;
  readonly faults: RestFaults;
  readonly latencyMs: number;
  readonly violations: string[];
  readonly calls: SimCall[];
  readonly closing: AbortSignal;
}

/**
 * Every request's path: runner-protocol calls go straight to their routes; REST calls wait the
 * configured latency, are checked against the OpenAPI description, may meet a planned fault,
 * are answered, have their answer checked, and are recorded in `calls`.
 */
export function createRequestHandler(deps: PipelineDeps): (incoming: IncomingMessage, outgoing: ServerResponse) => void {
  return (incoming, outgoing) => {
    const gone = new AbortController();
    outgoing.once("close", () => gone.abort());
    handle(deps, incoming, gone.signal)
      .then((answer) => write(deps, outgoing, answer.answer, answer.bucket))
      .catch((error: unknown) => write(deps, outgoing, answerError(500, `Simulator failure: ${String(error)}`), null));
  };
}

async function handle(deps: PipelineDeps, incoming: IncomingMessage, signal: AbortSignal): Promise<{ answer: SimAnswer; bucket: string | null }> {
  const receivedAt = preciseNow();
  const raw = await readBody(incoming);
  const url = new URL(incoming.url ?? "/", "http://sim.invalid");
  const method = (incoming.method ?? "GET").toUpperCase();
  const parsed = parseJson(raw);
  const request: SimRequest = { method, path: url.pathname, query: url.searchParams, headers: incoming.headers, body: parsed.value, params: {}, rateBucket: null, signal };
  const unlisted = deps.unlisted?.find(method, url.pathname);
  if (unlisted !== undefined) {
    // The Actions service is as far away as the REST API.
    if (deps.latencyMs > 0) await delay(deps.latencyMs, deps.closing);
    request.params = unlisted.params;
    return { answer: await unlisted.handler(request), bucket: null };
  }

  if (url.pathname.startsWith("/_sim/")) {
    const route = deps.protocol.find(method, url.pathname);
    if (route === undefined) return { answer: answerNotFound(), bucket: null };
    request.params = route.params;
    return { answer: await route.handler(request), bucket: null };
  }

  if (deps.latencyMs > 0) await delay(deps.latencyMs, deps.closing);
  const answer = await answerRest(deps, request, parsed.ok);
  const subject = url.pathname.endsWith("/generate-jitconfig") && isNamed(parsed.value) ? parsed.value.name : null;
  deps.calls.push({ method, path: url.pathname, status: answer.status, at: deps.context.clock.now(), receivedAt, answeredAt: preciseNow(), subject });
  return { answer, bucket: request.rateBucket };
}

async function answerRest(deps: PipelineDeps, request: SimRequest, bodyParsed: boolean): Promise<SimAnswer> {
  const { method, path } = request;
  const violate = (problem: string): void => {
    deps.violations.push(`${method} ${path}: ${problem}`);
  };
  if (!bodyParsed) return answerError(400, "Problems parsing JSON");
  const check = guard(violate, () => deps.validator?.checkRequest(request));
  check?.problems.forEach(violate);

  const before = deps.faults.take(method, path, "before");
  if (before !== undefined) return answerFault(before);

  const route = deps.rest.find(method, path);
  if (route === undefined) {
    if (check?.operation != null) violate(`the simulator does not implement ${method} ${check.operation}`);
    return answerNotFound();
  }
  request.params = route.params;
  const answer =
    check !== undefined && check.bodyProblems.length > 0
      ? answerError(422, `Invalid request.\n\n${check.bodyProblems.join("\n")}`)
      : await route.handler(request);

  const after = deps.faults.take(method, path, "after");
  if (after !== undefined) return answerFault(after);
  if (deps.validator !== null && check?.operation != null) {
    const { validator, operation } = { validator: deps.validator, operation: check.operation };
    guard(violate, () => validator.checkResponse({ method, operation, status: answer.status, body: answer.body }))?.forEach(violate);
  }
  return answer;
}

/** A validator that cannot compile a schema reports it as a violation rather than failing the call. */
function guard<T>(violate: (problem: string) => void, check: () => T): T | undefined {
  try {
    return check();
  } catch (error) {
    violate(`the OpenAPI validator failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function write(deps: PipelineDeps, outgoing: ServerResponse, answer: SimAnswer, bucket: string | null): void {
  if (outgoing.headersSent || outgoing.destroyed) return;
  const headers: Record<string, string> = {
    date: new Date(deps.context.clock.now()).toUTCString(),
    "x-github-api-version-selected": "2022-11-28",
    "x-github-media-type": "github.v3; format=json",
    "x-github-request-id": randomBytes(8).toString("hex").toUpperCase(),
    ...deps.context.rateLimits.headers(bucket ?? "anonymous"),
    ...answer.headers,
  };
  // Zips (run logs, artifacts) go out as bytes with the type their route set.
  const binary = answer.body instanceof Uint8Array;
  const body = answer.body instanceof Uint8Array ? answer.body : answer.body === undefined || answer.status === 204 ? "" : JSON.stringify(answer.body);
  if (body !== "" && !binary) headers["content-type"] = "application/json; charset=utf-8";
  outgoing.writeHead(answer.status, headers);
  outgoing.end(body);
}

function parseJson(raw: string): { ok: boolean; value: unknown } {
  if (raw.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, value: undefined };
  }
}

async function readBody(incoming: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

function isNamed(value: unknown): value is { name: string } {
  return typeof value === "object" && value !== null && typeof (value as { name?: unknown }).name === "string";
}
