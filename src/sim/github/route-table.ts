import type { IncomingHttpHeaders } from "node:http";
import { compilePathTemplate, matchPathTemplate, type PathTemplate } from "./match-path-template.js";

/** A request as route handlers see it: body already parsed, path parameters decoded. */
export interface SimRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
  /** Set once the route is found. */
  params: Readonly<Record<string, string>>;
  /** The rate-limit bucket this call was charged to (set by authentication). */
  rateBucket: string | null;
  /** Aborted when the client goes away before the answer (a long poll whose listener crashed). */
  signal?: AbortSignal;
}

/** What a handler answers; the pipeline adds GitHub's common headers. */
export interface SimAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type RouteHandler = (request: SimRequest) => SimAnswer | Promise<SimAnswer>;

/** Routes keyed by method and OpenAPI path template, the same templates the spec uses. */
export interface RouteTable {
  add(method: string, template: string, handler: RouteHandler): void;
  find(method: string, path: string): { handler: RouteHandler; template: string; params: Record<string, string> } | undefined;
}

export function createRouteTable(): RouteTable {
  const byMethod = new Map<string, { templates: PathTemplate[]; handlers: Map<string, RouteHandler> }>();
  return {
    add(method, template, handler) {
      const key = method.toUpperCase();
      const entry = byMethod.get(key) ?? { templates: [], handlers: new Map<string, RouteHandler>() };
      entry.templates.push(compilePathTemplate(template));
      entry.handlers.set(template, handler);
      byMethod.set(key, entry);
    },
    find(method, path) {
      const entry = byMethod.get(method.toUpperCase());
      if (entry === undefined) return undefined;
      const found = matchPathTemplate(entry.templates, path);
      const handler = found === undefined ? undefined : entry.handlers.get(found.template.template);
      if (found === undefined || handler === undefined) return undefined;
      return { handler, template: found.template.template, params: found.params };
    },
  };
}

const DOCS = "https://docs.github.com/rest";

/** GitHub's `basic-error` body: `{ message, documentation_url, status }`. */
export function answerError(status: number, message: string, headers?: Record<string, string>): SimAnswer {
  return {
    status,
    body: { message, documentation_url: DOCS, status: String(status) },
    ...(headers === undefined ? {} : { headers }),
  };
}

export function answerNotFound(): SimAnswer {
  return answerError(404, "Not Found");
}

/** A positive integer path parameter, or undefined when the segment is not one (GitHub then answers 404). */
export function readIdParam(request: SimRequest, name: string): number | undefined {
  const raw = request.params[name] ?? "";
  return /^\d+$/.test(raw) ? Number(raw) : undefined;
}
