import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createUndiciFetch } from "../../src/http/create-undici-fetch.js";

let server: Server | undefined;

afterEach(async () => {
  const open = server;
  server = undefined;
  if (open === undefined) return;
  open.closeAllConnections();
  await new Promise((resolve) => open.close(resolve));
});

async function serve(handler: (request: IncomingMessage, response: ServerResponse, body: string) => void): Promise<string> {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => handler(request, response, Buffer.concat(chunks).toString("utf8")));
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

describe("createUndiciFetch", () => {
  it("sends method, headers and body and gives back a Response with status, headers, JSON and URL", async () => {
    const base = await serve((request, response, body) => {
      response.setHeader("link", '<https://api.github.com/x?page=2>; rel="next"');
      response.setHeader("x-ratelimit-remaining", "4999");
      response.writeHead(201, { "content-type": "application/json; charset=utf-8" });
      response.end(JSON.stringify({ method: request.method, auth: request.headers.authorization, got: JSON.parse(body) as unknown }));
    });
    const fetch = createUndiciFetch();
    const response = await fetch(`${base}/runners`, { method: "POST", headers: { authorization: "token t", "content-type": "application/json" }, body: '{"name":"r1"}' });
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.url).toBe(`${base}/runners`);
    expect(response.headers.get("x-ratelimit-remaining")).toBe("4999");
    expect(response.headers.get("link")).toContain('rel="next"');
    expect(await response.json()).toEqual({ method: "POST", auth: "token t", got: { name: "r1" } });
  });

  it("answers 204 with an empty body, and error statuses as Responses, not throws", async () => {
    const base = await serve((request, response) => {
      if (request.url === "/gone") {
        response.writeHead(204);
        response.end();
        return;
      }
      response.writeHead(422, { "content-type": "application/json" });
      response.end('{"message":"Validation Failed"}');
    });
    const fetch = createUndiciFetch();
    const removed = await fetch(`${base}/gone`, { method: "DELETE" });
    expect(removed.status).toBe(204);
    expect(removed.body).toBeNull();
    expect(await removed.text()).toBe("");
    const refused = await fetch(`${base}/other`);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toEqual({ message: "Validation Failed" });
  });

  it("follows a redirect as fetch does, and hands it over when asked for manual redirects", async () => {
    const base = await serve((request, response, body) => {
      if (request.url === "/old") {
        response.writeHead(307, { location: "/new" });
        response.end();
        return;
      }
      response.writeHead(200, { "content-type": "text/plain" });
      response.end(`${request.method} ${request.url} ${body}`);
    });
    const fetch = createUndiciFetch();
    expect(await (await fetch(`${base}/old`, { method: "POST", body: "payload" })).text()).toBe("POST /new payload");
    const manual = await fetch(`${base}/old`, { redirect: "manual" });
    expect(manual.status).toBe(307);
    expect(manual.headers.get("location")).toBe("/new");
  });

  it("fails like fetch when nothing listens: TypeError('fetch failed') with the socket error as cause", async () => {
    const base = await serve(() => undefined);
    server?.close();
    await new Promise((resolve) => server?.once("close", resolve));
    server = undefined;
    const failure = await createUndiciFetch()(`${base}/x`).then(() => null, (error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).message).toBe("fetch failed");
    expect(((failure as TypeError).cause as { code?: string }).code).toBe("ECONNREFUSED");
  });

  it("rejects with the signal's reason when the caller aborts a call under way", async () => {
    const controller = new AbortController();
    const reason = new DOMException("gave up", "TimeoutError");
    const base = await serve(() => controller.abort(reason));
    const failure = await createUndiciFetch()(`${base}/slow`, { signal: controller.signal }).then(() => null, (error: unknown) => error);
    expect(failure).toBe(reason);
  });

  it("streams text/event-stream: the first event is readable while the server still holds the response open", async () => {
    let open: ServerResponse | undefined;
    const base = await serve((_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write("data: first line\n\n");
      open = response;
    });
    const response = await createUndiciFetch()(`${base}/logs`, { headers: { accept: "text/event-stream" } });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe("data: first line\n\n");
    expect(open?.writableEnded).toBe(false);
    await reader.cancel();
  });
});
