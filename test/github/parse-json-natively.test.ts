import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import pino from "pino";
import { Secret } from "../../src/config/secret.js";
import { createOctokitOptions } from "../../src/github/configure-octokit.js";
import { createInstallationAuth } from "../../src/github/installation-auth.js";
import { LaunchOctokit, OffloadOctokit } from "../../src/github/offload-octokit.js";

let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A stand-in GitHub answering each path with a fixed status, content type and body. */
async function serve(answers: Record<string, { status: number; type?: string; body?: string }>): Promise<string> {
  server = createServer((request, response) => {
    const answer = answers[request.url ?? ""] ?? { status: 404, type: "application/json", body: '{"message":"Not Found"}' };
    response.writeHead(answer.status, answer.type === undefined ? {} : { "content-type": answer.type });
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

describe("GitHub answers parsed with the runtime's JSON parser", () => {
  it("gives JSON as objects with ids as numbers, text as text, and an empty body for 204, as @octokit/request does", async () => {
    const runs = { total_count: 2, workflow_runs: [{ id: 9_007_199_254_740_991 }, { id: 30433642 }] };
    const baseUrl = await serve({
      "/runs": { status: 200, type: "application/json; charset=utf-8", body: JSON.stringify(runs) },
      "/zen": { status: 200, type: "text/plain", body: "Keep it logically awesome." },
      "/runner": { status: 204 },
    });
    const octokit = new LaunchOctokit({ baseUrl });
    expect((await octokit.request("GET /runs")).data).toEqual(runs);
    expect((await octokit.request("GET /zen")).data).toBe("Keep it logically awesome.");
    const removed = await octokit.request("DELETE /runner");
    expect(removed.status).toBe(204);
    expect(removed.data).toBe("");
  });

  it("still turns an error answer into a RequestError with GitHub's message", async () => {
    const baseUrl = await serve({});
    const octokit = new LaunchOctokit({ baseUrl });
    await expect(octokit.request("GET /missing")).rejects.toMatchObject({ status: 404, message: expect.stringContaining("Not Found") });
  });

  it("parses natively behind the installation auth strategy every GitHub call goes through", async () => {
    // 2^64 - 1: json-with-bigint makes it a BigInt, JSON.parse a number. Which one we get tells
    // which parser ran (the auth hook once swallowed the plugin's request for the raw body).
    const baseUrl = await serve({ "/runner": { status: 200, type: "application/json", body: '{"id":18446744073709551615}' } });
    const tokens = { get: async () => new Secret("ghs_test"), invalidate: () => undefined };
    const log = pino({ level: "silent" });
    const options = createOctokitOptions({ apiUrl: baseUrl, userAgent: "offload-test", fetch: globalThis.fetch, log, retries: 0, retryBaseDelayMs: 1, throttleId: "parse-test" });
    const auth = { installationId: 1, tokens, log };
    for (const Client of [LaunchOctokit, OffloadOctokit]) {
      const octokit = new Client({ ...options, authStrategy: createInstallationAuth, auth });
      const { data } = await octokit.request("GET /runner");
      expect(typeof (data as { id: unknown }).id).toBe("number");
    }
  });
});
