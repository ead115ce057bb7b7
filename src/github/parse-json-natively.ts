import type { Octokit } from "@octokit/core";

const JSON_TYPES = new Set(["application/json", "application/scim+json"]);

/**
 * An Octokit plugin: GitHub's JSON answers are parsed with the runtime's `JSON.parse`.
 * @octokit/request parses every answer with json-with-bigint, which took 40 ms for one page of 100
 * workflow runs (1.1 MB; `JSON.parse`: 4 ms) and blocked the event loop on every poll round:
 * webhooks arriving meanwhile waited that long for their answer. Every id GitHub sends fits a JS
 * number (intake refuses ids above 2^53 anyway), so nothing is lost. Error answers are still parsed
 * by @octokit/request, which builds the RequestError from them.
 */
export function parseJsonNatively(octokit: Octokit): void {
  octokit.hook.wrap("request", async (request, options) => {
    if (options.request?.parseSuccessResponseBody === false) return request(options);
    // Hooks inside this one (the auth strategy's) are bound to this very options object and never
    // see one passed to `request(...)`: the flag has to be set on it, or it reaches no request.
    options.request = { ...options.request, parseSuccessResponseBody: false };
    const response = await request(options);
    const contentType = response.headers["content-type"];
    return { ...response, data: await readBody(response.data, typeof contentType === "string" ? contentType : undefined) };
  });
}

/** What @octokit/request would have made of the body: JSON, text, or bytes; no body stays as it was. */
async function readBody(body: unknown, contentType: string | undefined): Promise<unknown> {
  if (!(body instanceof ReadableStream)) return body;
  const response = new Response(body);
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (JSON_TYPES.has(type)) {
    const text = await response.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  const utf8 = /charset=utf-8/i.test(contentType ?? "") && type !== "application/octet-stream";
  return contentType === undefined || type.startsWith("text/") || utf8 ? response.text() : response.arrayBuffer();
}
