import { request } from "node:http";

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * One HTTP/1.1 request over node:http's keep-alive agent, for the simulators' own traffic (webhook
 * deliveries, simulated runners, the benchmark's sender). WHATWG fetch costs several times more CPU
 * per request, and in the dispatch benchmark the simulators share two cores with the dispatcher
 * they measure. Rejects on a network error, an abort or `timeoutMs` without an answer.
 */
export function sendHttp(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const headers = body === undefined ? options.headers : { ...options.headers, "content-length": String(body.length) };
    const req = request(url, { method: options.method ?? "GET", ...(headers === undefined ? {} : { headers }), ...(options.signal === undefined ? {} : { signal: options.signal }) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        clearTimeout(timer);
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
        resolve({ status: res.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks).toString("utf8") });
      });
    });
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => req.destroy(new Error(`no answer from ${url} within ${options.timeoutMs} ms`)), options.timeoutMs);
    req.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}
