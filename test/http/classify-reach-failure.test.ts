import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { classifyReachFailure } from "../../src/http/classify-reach-failure.js";
import { findFreePort } from "../../src/sim/find-free-port.js";

let server: Server | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (server === null ? resolve() : server.close(() => resolve())));
  server = null;
});

const failureOf = (url: string): Promise<unknown> => fetch(url, { signal: AbortSignal.timeout(5000) }).then(() => null, (error: unknown) => error);

describe("classifyReachFailure", () => {
  it("calls a closed port a connection failure", async () => {
    expect(classifyReachFailure(await failureOf(`http://127.0.0.1:${await findFreePort()}/`))).toEqual({ kind: "connect", code: "ECONNREFUSED" });
  });

  it("calls a name that does not resolve a DNS failure", async () => {
    // `.invalid` never resolves (RFC 6761); without any DNS the resolver says EAI_AGAIN instead.
    const failure = classifyReachFailure(await failureOf("http://offload-doctor.invalid/"));
    expect(failure?.kind).toBe("dns");
  });

  it("calls https spoken to a plain-HTTP server a TLS failure", async () => {
    server = createServer((_request, response) => response.end("plain"));
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const failure = classifyReachFailure(await failureOf(`https://127.0.0.1:${(server.address() as AddressInfo).port}/`));
    expect(failure?.kind).toBe("tls");
  });

  it("finds nothing in an error that carries an HTTP answer", () => {
    expect(classifyReachFailure(Object.assign(new Error("Bad credentials"), { status: 401 }))).toBeNull();
  });
});
