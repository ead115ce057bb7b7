import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { isOffloadError } from "../../src/errors/offload-error.js";
import type { Ledger } from "../../src/ledger/ledger.js";
import { openLedger } from "../../src/ledger/open-ledger.js";
import { registerCancelRoute, type CancelRun } from "../../src/server/cancel-route.js";
import { createCancelRun } from "../../src/server/create-cancel-run.js";
import { toOffloadError } from "../../src/server/to-offload-error.js";
import { connectClient } from "../support/github-client-harness.js";
import { startGitHubStub, type GitHubStub } from "../support/github-stub.js";
import { loadTestConfig } from "../support/intake-fixtures.js";
import { makeFact } from "../support/ledger-fixtures.js";

let app: FastifyInstance | null = null;
let ledger: Ledger | null = null;
let stub: GitHubStub | null = null;
let dataDir = "";

afterEach(async () => {
  await app?.close();
  await ledger?.close();
  await stub?.close();
  app = null;
  ledger = null;
  stub = null;
  if (dataDir !== "") rmSync(dataDir, { recursive: true, force: true });
});

async function serve(cancelRun: CancelRun | undefined): Promise<{ app: FastifyInstance; ledger: Ledger }> {
  dataDir = mkdtempSync(join(tmpdir(), "offload-cancel-"));
  ledger = await openLedger({ dataDir, databaseUrl: null, log: pino({ level: "silent" }) });
  app = Fastify();
  app.setErrorHandler((error, _request, reply) => {
    const offload = toOffloadError(error);
    return reply.status(offload.status).send({ error: offload.toJSON() });
  });
  const open = ledger;
  registerCancelRoute(app, { config: loadTestConfig(), cancelRun }, () => open);
  return { app, ledger: open };
}

describe("POST /api/jobs/:id/cancel", () => {
  it("asks GitHub to cancel the job's workflow run as the job's installation", async () => {
    const calls: unknown[][] = [];
    const { app, ledger } = await serve(async (...args) => void calls.push(args));
    await ledger.recordJobFact({ delivery: null, fact: makeFact({ jobId: 501, runId: 77, repo: "acme/app", installationId: 9, status: "queued" }), routing: { kind: "ignored", reason: "test" }, now: "2025-01-01T00:00:00Z" });
    const response = await app.inject({ method: "POST", url: "/api/jobs/501/cancel" });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ jobId: 501, runId: 77, requested: true });
    expect(calls).toEqual([["acme/app", 77, 9]]);
  });

  it("answers 404 for a job the ledger does not know and 501 when no canceller is wired", async () => {
    const { app, ledger } = await serve(undefined);
    expect((await app.inject({ method: "POST", url: "/api/jobs/1/cancel" })).statusCode).toBe(404);
    await ledger.recordJobFact({ delivery: null, fact: makeFact({ jobId: 502, status: "queued" }), routing: { kind: "ignored", reason: "test" }, now: "2025-01-01T00:00:00Z" });
    const response = await app.inject({ method: "POST", url: "/api/jobs/502/cancel" });
    expect(response.statusCode).toBe(501);
    expect(response.json().error.code).toBe("OFFLOAD_NOT_AVAILABLE");
  });
});

describe("createCancelRun", () => {
  it("posts to the run's cancel endpoint with the installation's token", async () => {
    stub = await startGitHubStub();
    stub.failNext({ method: "POST", path: /\/actions\/runs\/77\/cancel$/ }, { status: 202, body: {} });
    await createCancelRun(connectClient(stub).client)("acme/app", 77, 9);
    expect(stub.requests.map((request) => `${request.method} ${request.path}`)).toContain("POST /repos/acme/app/actions/runs/77/cancel");
  });

  it("says the App needs actions: write when GitHub answers 403", async () => {
    stub = await startGitHubStub();
    stub.failNext({ method: "POST", path: /\/cancel$/ }, { status: 403, body: { message: "Resource not accessible by integration" } });
    const failure = await createCancelRun(connectClient(stub).client)("acme/app", 77, 9).catch((error: unknown) => error);
    expect(isOffloadError(failure, "OFFLOAD_GITHUB_API")).toBe(true);
    expect((failure as { remedy: string }).remedy).toContain("Actions: Read and write");
  });

  it("turns GitHub's 409 for a finished run into OFFLOAD_CANCEL_REFUSED", async () => {
    stub = await startGitHubStub();
    stub.failNext({ method: "POST", path: /\/cancel$/ }, { status: 409, body: { message: "Cannot cancel a workflow run that is completed." } });
    const failure = await createCancelRun(connectClient(stub).client)("acme/app", 77, 9).catch((error: unknown) => error);
    expect(isOffloadError(failure, "OFFLOAD_CANCEL_REFUSED")).toBe(true);
  });
});
