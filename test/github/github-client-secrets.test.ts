import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { convertManifestCode } from "../../src/github/app-manifest.js";
import type { RunnerScope } from "../../src/policy/runner-scope.js";
import { connectClient } from "../support/github-client-harness.js";
import { startGitHubStub, type GitHubStub } from "../support/github-stub.js";

const scope: RunnerScope = { kind: "repo", installationId: 3, owner: "acme", repo: "app" };
const TOKEN_CANARY = "CANARYTOKEN";
const JIT_CANARY = "CANARYJIT";
const JWT_SHAPE = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

let stub: GitHubStub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

/** Every way an error can be shown: message, JSON for an HTTP answer, and a deep inspect for a log. */
function renderings(error: unknown): string[] {
  return [String((error as Error).message), JSON.stringify(error), inspect(error, { depth: 8 })];
}

function keyLines(pem: string): string[] {
  return pem.split("\n").filter((line) => line.length > 20 && !line.startsWith("-----"));
}

describe("credentials in errors and logs", () => {
  it("never shows the private key, a token, a JWT or a JIT config in any error or log line", async () => {
    stub = await startGitHubStub({ tokenMarker: TOKEN_CANARY, jitMarker: JIT_CANARY });
    const { client, lines } = connectClient(stub, { retries: 1 });
    const request = { name: "canary-runner", labels: ["hf-jobs-cpu-basic"], runnerGroupId: 1 };
    const errors: unknown[] = [];
    const collect = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => void errors.push(error));

    const jit = await client.createJitRunner(scope, request);
    await collect(client.createJitRunner(scope, request)); // 409
    stub.failNext({ path: /generate-jitconfig$/ }, { status: 500, body: { message: "boom" } });
    await collect(client.createJitRunner(scope, { ...request, name: "other" })); // 500, not retried
    stub.failNext({ path: /actions\/runners$/ }, { status: 401, body: { message: "Bad credentials" } }, 2);
    await collect(client.listRunners(scope)); // 401 twice
    stub.revokeTokens();
    stub.failNext({ path: /access_tokens$/ }, { status: 401, body: { message: "A JSON web token could not be decoded" } });
    await collect(client.listRunners(scope)); // token refused, then the JWT refused
    stub.failNext({ path: /actions\/runners\/\d+$/ }, { status: 502, body: { message: "Bad Gateway" } }, 5);
    await collect(client.removeRunner(scope, jit.runnerId));
    stub.failNext({ path: /actions\/runners$/ }, { status: 403, headers: { "retry-after": "1" }, body: { message: "You have exceeded a secondary rate limit" } });
    await client.listRunners(scope); // logs a rate-limit warning, then succeeds

    expect(errors).toHaveLength(5);
    expect(lines.length).toBeGreaterThan(0);
    const shown = [...errors.flatMap(renderings), ...lines].join("\n");
    expect(jit.jitConfig.reveal()).toContain(JIT_CANARY);
    expect(shown).not.toContain(TOKEN_CANARY);
    expect(shown).not.toContain(JIT_CANARY);
    expect(shown).not.toMatch(JWT_SHAPE);
    for (const line of keyLines(stub.privateKeyPem)) expect(shown).not.toContain(line);
    expect(inspect(jit, { depth: 5 })).not.toContain(JIT_CANARY);
    expect(JSON.stringify(jit)).not.toContain(JIT_CANARY);
  });

  it("redacts a token that GitHub echoes back in its message", async () => {
    stub = await startGitHubStub({ tokenMarker: TOKEN_CANARY });
    const { client } = connectClient(stub);
    stub.failNext({ path: /actions\/runners$/ }, { status: 400, body: { message: `bad token ghs_${TOKEN_CANARY}1 sent` } });
    const error = await client.listRunners(scope).then(() => undefined, (e: unknown) => e);
    expect((error as Error).message).toBe("GET '/repos/acme/app/actions/runners' failed with 400: bad token [redacted] sent");
    expect(JSON.stringify(error)).not.toContain(TOKEN_CANARY);
  });

  it("keeps a manifest code out of the error and its cause", async () => {
    stub = await startGitHubStub();
    const code = "CANARYCODE0123456789";
    const error = await convertManifestCode(stub.url, code).then(() => undefined, (e: unknown) => e);
    expect((error as Error).message).toBe("POST '/app-manifests/[redacted]/conversions' failed with 404: Not Found");
    for (const text of renderings(error)) expect(text).not.toContain(code);
  });
});
