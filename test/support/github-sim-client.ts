import { createSign } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { GitHubSim } from "../../src/sim/github/start-github-sim.js";

/** Signs an App JWT (RS256) with chosen claims, so tests can make good and bad ones. */
export function signAppJwt(privateKeyPem: string, claims: Record<string, unknown>): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "RS256", typ: "JWT" })}.${encode(claims)}`;
  const signature = createSign("RSA-SHA256").update(unsigned).sign(privateKeyPem).toString("base64url");
  return `${unsigned}.${signature}`;
}

/** A JWT as @octokit/auth-app makes it: iat 30 s in the past, 10 minutes of life. */
export function appJwt(sim: GitHubSim, nowMs = Date.now()): string {
  const iat = Math.floor(nowMs / 1000) - 30;
  return signAppJwt(sim.app.privateKeyPem, { iat, exp: iat + 600, iss: String(sim.app.id) });
}

export interface SimReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

/** One REST call to the simulator with the headers a GitHub client sends. */
export async function callSim(
  sim: GitHubSim,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<SimReply> {
  const headers: Record<string, string> = { accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28" };
  if (options.token !== undefined) headers["authorization"] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : (JSON.parse(text) as unknown), headers: response.headers };
}

/** An installation token for `installationId`, minted with a fresh App JWT. */
export async function mintInstallationToken(sim: GitHubSim, installationId: number): Promise<string> {
  const reply = await callSim(sim, "POST", `/app/installations/${installationId}/access_tokens`, { token: appJwt(sim) });
  const body = reply.body as { token?: string };
  if (reply.status !== 201 || body.token === undefined) throw new Error(`access_tokens answered ${reply.status}`);
  return body.token;
}

/** A webhook delivery as the receiver saw it: headers and the exact body bytes. */
export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders;
  readonly raw: string;
  readonly body: { action?: string; workflow_job?: Record<string, unknown> } & Record<string, unknown>;
}

/**
 * A webhook target on 127.0.0.1:0 that records deliveries and answers `status()` (default 200),
 * after `hold(delivery)` resolves when given (to make one answer slow).
 */
export async function startWebhookReceiver(
  status: () => number = () => 200,
  hold?: (delivery: ReceivedWebhook) => Promise<void>,
): Promise<{
  url: string;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const delivery: ReceivedWebhook = { headers: request.headers, raw, body: JSON.parse(raw) as ReceivedWebhook["body"] };
      received.push(delivery);
      void (hold?.(delivery) ?? Promise.resolve()).then(() => response.writeHead(status()).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Polls `check` until it holds, failing after `timeoutMs`: for state that changes asynchronously. */
export async function waitUntil(check: () => boolean, timeoutMs = 5000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Registers a repository JIT runner through the REST API and returns its id and config. */
export async function createSimJitRunner(
  sim: GitHubSim,
  token: string,
  repo: string,
  name: string,
  labels: string[],
): Promise<{ id: number; jitConfig: string }> {
  const reply = await callSim(sim, "POST", `/repos/${repo}/actions/runners/generate-jitconfig`, {
    token,
    body: { name, runner_group_id: 1, labels },
  });
  const body = reply.body as { runner?: { id: number }; encoded_jit_config?: string };
  if (reply.status !== 201 || body.runner === undefined || body.encoded_jit_config === undefined) {
    throw new Error(`generate-jitconfig answered ${reply.status}`);
  }
  return { id: body.runner.id, jitConfig: body.encoded_jit_config };
}
