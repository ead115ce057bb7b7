import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { Secret } from "../../src/config/secret.js";
import { isOffloadError } from "../../src/errors/offload-error.js";
import type { RunnerScope } from "../../src/policy/runner-scope.js";
import { githubStatus } from "../../src/github/to-github-error.js";
import { connectClient } from "../support/github-client-harness.js";
import { GitHubFakeClock } from "../support/github-fake-clock.js";
import { startGitHubStub, type GitHubStub } from "../support/github-stub.js";

const repoScope: RunnerScope = { kind: "repo", installationId: 11, owner: "acme", repo: "app" };
const orgScope: RunnerScope = { kind: "org", installationId: 11, owner: "acme" };
const jitRequest = { name: "offload-1-abcd", labels: ["hf-jobs-t4-small"], runnerGroupId: 1 };

let stub: GitHubStub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

async function start(options: Parameters<typeof startGitHubStub>[0] = {}): Promise<GitHubStub> {
  stub = await startGitHubStub(options);
  return stub;
}

function requestsTo(github: GitHubStub, pattern: RegExp, method?: string) {
  return github.requests.filter((r) => pattern.test(r.path) && (method === undefined || r.method === method));
}

/** Resolves with `promise`, or fails once `ms` pass first (a bound, not a measurement). */
async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, bound]);
  } finally {
    clearTimeout(timer);
  }
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => expect.unreachable("expected a failure"), (error: unknown) => error);
}

describe("installation tokens", () => {
  it("mints one installation token for many calls to the same installation", async () => {
    const github = await start();
    const { client } = connectClient(github);
    for (let i = 0; i < 5; i++) await client.createJitRunner(repoScope, { ...jitRequest, name: `runner-${i}` });
    expect(github.mints()).toBe(1);
    expect(requestsTo(github, /access_tokens$/)).toHaveLength(1);
  });

  it("shares one mint between concurrent first calls", async () => {
    const github = await start();
    const { client } = connectClient(github);
    await Promise.all([1, 2, 3].map((i) => client.listRunners(repoScope, { name: `r${i}` })));
    expect(github.mints()).toBe(1);
  });

  it("mints a new token shortly before the old one expires, by the injected clock", async () => {
    const clock = new GitHubFakeClock();
    const github = await start({ clock });
    const { client } = connectClient(github, { clock });
    await client.listRunners(repoScope);
    clock.advance(54 * 60_000);
    await client.listRunners(repoScope);
    expect(github.mints()).toBe(1);
    clock.advance(2 * 60_000);
    await client.listRunners(repoScope);
    expect(github.mints()).toBe(2);
  });

  it("drops a refused token and repeats the call once with a fresh one", async () => {
    const github = await start();
    const { client } = connectClient(github);
    await client.listRunners(repoScope);
    github.revokeTokens();
    await expect(client.listRunners(repoScope)).resolves.toEqual([]);
    expect(github.mints()).toBe(2);
    expect(requestsTo(github, /actions\/runners$/, "GET").map((r) => r.headers.authorization)).toEqual([
      "token ghs_stub1", "token ghs_stub1", "token ghs_stub2",
    ]);
  });

  it("reports an auth error when GitHub refuses the fresh token too", async () => {
    const github = await start();
    const { client } = connectClient(github);
    github.failNext({ path: /actions\/runners$/ }, { status: 401, body: { message: "Bad credentials" } }, 2);
    const error = await caught(client.listRunners(repoScope));
    expect(isOffloadError(error, "OFFLOAD_GITHUB_AUTH")).toBe(true);
    expect((error as Error).message).toBe("GET '/repos/acme/app/actions/runners' failed with 401: Bad credentials");
    expect(github.mints()).toBe(2);
  });

  it("reports an auth error when GitHub refuses the App's JWT", async () => {
    const github = await start();
    const { client } = connectClient(github);
    github.failNext({ path: /access_tokens$/ }, { status: 401, body: { message: "Integration not found" } });
    const error = await caught(client.listRunners(repoScope));
    expect(isOffloadError(error, "OFFLOAD_GITHUB_AUTH")).toBe(true);
    expect((error as Error).message).toBe("POST '/app/installations/11/access_tokens' failed with 401: Integration not found");
  });

  it("refuses to start with a private key that is not an RSA PEM, without repeating it", async () => {
    const github = await start();
    let error: unknown;
    try {
      connectClient(github, { privateKey: new Secret("not-a-key-CANARY") });
    } catch (e) {
      error = e;
    }
    expect(isOffloadError(error, "OFFLOAD_GITHUB_AUTH")).toBe(true);
    expect(inspect(error, { depth: 5 })).not.toContain("CANARY");
  });
});

describe("JIT runners", () => {
  it("registers a repository runner with exactly the requested labels and returns its JIT config", async () => {
    const github = await start();
    const { client } = connectClient(github);
    const jit = await client.createJitRunner(repoScope, jitRequest);
    expect(jit.runnerId).toBe(1);
    expect(jit.jitConfig.reveal()).toBe("jit-1");
    expect(String(jit.jitConfig)).toBe("[redacted]");
    const [post] = requestsTo(github, /generate-jitconfig$/);
    expect(post?.path).toBe("/repos/acme/app/actions/runners/generate-jitconfig");
    expect(post?.body).toEqual({ name: "offload-1-abcd", runner_group_id: 1, labels: ["hf-jobs-t4-small"], work_folder: "_work" });
    expect(post?.headers["x-github-api-version"]).toBe("2022-11-28");
    expect(post?.headers.accept).toBe("application/vnd.github+json");
    expect(String(post?.headers["user-agent"])).toMatch(/^offload\/\d+\.\d+\.\d+/);
  });

  it("registers an organisation runner under /orgs", async () => {
    const github = await start();
    const { client } = connectClient(github);
    await client.createJitRunner(orgScope, jitRequest);
    expect(requestsTo(github, /generate-jitconfig$/)[0]?.path).toBe("/orgs/acme/actions/runners/generate-jitconfig");
  });

  it("surfaces a taken name as a GitHub error whose status is 409", async () => {
    const github = await start();
    const { client } = connectClient(github);
    await client.createJitRunner(repoScope, jitRequest);
    const error = await caught(client.createJitRunner(repoScope, jitRequest));
    expect(isOffloadError(error, "OFFLOAD_GITHUB_API")).toBe(true);
    expect(githubStatus(error)).toBe(409);
    expect((error as Error).message).toBe(
      "POST '/repos/acme/app/actions/runners/generate-jitconfig' failed with 409: Already exists - A runner with the name offload-1-abcd already exists.",
    );
  });

  it("does not repeat generate-jitconfig after a 503, so a retry can never meet its own 409", async () => {
    const github = await start();
    const { client } = connectClient(github);
    github.failNext({ path: /generate-jitconfig$/ }, { status: 503, body: { message: "Service Unavailable" } });
    const error = await caught(client.createJitRunner(repoScope, jitRequest));
    expect(githubStatus(error)).toBe(503);
    expect(requestsTo(github, /generate-jitconfig$/)).toHaveLength(1);
  });

  it("sends concurrent launches together instead of one a second", async () => {
    // plugin-throttling's default write group starts one POST per second: ten launches would need
    // nine seconds to all be in flight. Without it they are all in flight at once.
    const github = await start();
    const { client } = connectClient(github);
    await client.listRunners(repoScope); // mint the token first, so only the POSTs are held
    github.holdUntilConcurrent({ method: "POST", path: /generate-jitconfig$/ }, 10);
    const launches = Array.from({ length: 10 }, (_, i) => client.createJitRunner(repoScope, { ...jitRequest, name: `concurrent-${i}` }));
    const all = await within(5_000, Promise.all(launches));
    expect(all.map((jit) => jit.runnerId).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

describe("removing runners", () => {
  it("maps 204 to removed, 404 to gone and 422 to busy", async () => {
    const github = await start();
    const { client } = connectClient(github);
    const [idle, busy] = github.addRunners("repo:acme/app", [{ name: "idle" }, { name: "busy", busy: true }]);
    expect(await client.removeRunner(repoScope, idle ?? 0)).toBe("removed");
    expect(await client.removeRunner(repoScope, idle ?? 0)).toBe("gone");
    expect(await client.removeRunner(repoScope, busy ?? 0)).toBe("busy");
  });

  it("removes organisation runners under /orgs", async () => {
    const github = await start();
    const { client } = connectClient(github);
    const [id] = github.addRunners("org:acme", [{ name: "org-runner" }]);
    expect(await client.removeRunner(orgScope, id ?? 0)).toBe("removed");
    expect(requestsTo(github, /runners\/\d+$/, "DELETE")[0]?.path).toBe(`/orgs/acme/actions/runners/${id}`);
  });
});

describe("listing runners and reading jobs", () => {
  it("follows pagination over more than 100 runners", async () => {
    const github = await start();
    const { client } = connectClient(github);
    github.addRunners("repo:acme/app", Array.from({ length: 250 }, (_, i) => ({ name: `r-${i}`, labels: ["a", "b"] })));
    const runners = await client.listRunners(repoScope);
    expect(runners).toHaveLength(250);
    expect(runners[249]).toEqual({ id: 250, name: "r-249", status: "online", busy: false, labels: ["a", "b"] });
    expect(requestsTo(github, /actions\/runners$/).map((r) => r.query.page ?? "1")).toEqual(["1", "2", "3"]);
    expect(requestsTo(github, /actions\/runners$/)[0]?.query.per_page).toBe("100");
  });

  it("filters by name", async () => {
    const github = await start();
    const { client } = connectClient(github);
    github.addRunners("org:acme", [{ name: "one" }, { name: "two" }]);
    expect((await client.listRunners(orgScope, { name: "two" })).map((r) => r.name)).toEqual(["two"]);
    expect(requestsTo(github, /actions\/runners$/)[0]?.query.name).toBe("two");
  });

  it("reads a job and answers null when GitHub has none", async () => {
    const github = await start();
    const { client } = connectClient(github);
    github.addJob("acme/app", {
      id: 55390717991, run_id: 4747967848, run_attempt: 2, status: "in_progress", conclusion: null,
      labels: ["hf-jobs-t4-small"], runner_name: "offload-1-abcd",
    });
    expect(await client.getJob(11, "acme/app", 55390717991)).toEqual({
      id: 55390717991, runId: 4747967848, runAttempt: 2, status: "in_progress", conclusion: null,
      labels: ["hf-jobs-t4-small"], runnerName: "offload-1-abcd",
    });
    expect(await client.getJob(11, "acme/app", 1)).toBeNull();
  });
});

describe("retries and rate limits", () => {
  it("repeats a read after a 503 and succeeds", async () => {
    const github = await start();
    const { client } = connectClient(github);
    github.failNext({ method: "GET", path: /actions\/runners$/ }, { status: 503 }, 2);
    await expect(client.listRunners(repoScope)).resolves.toEqual([]);
    expect(requestsTo(github, /actions\/runners$/)).toHaveLength(3);
  });

  it("gives up after the configured number of retries with the last status", async () => {
    const github = await start();
    const { client } = connectClient(github, { retries: 1 });
    github.failNext({ method: "GET", path: /actions\/runners$/ }, { status: 502, body: { message: "Bad Gateway" } }, 5);
    const error = await caught(client.listRunners(repoScope));
    expect((error as Error).message).toBe("GET '/repos/acme/app/actions/runners' failed with 502: Bad Gateway");
    expect(requestsTo(github, /actions\/runners$/)).toHaveLength(2);
  });

  it("records the last rate-limit headers it saw", async () => {
    const github = await start();
    const { client } = connectClient(github);
    expect(client.rateLimit()).toEqual({ remaining: null, resetAt: null });
    await client.listRunners(repoScope);
    expect(client.rateLimit()).toEqual({ remaining: 4998, resetAt: 1_900_000_000_000 });
    expect(client.calls()).toBe(2);
  });

  it("waits out a primary rate limit and retries, with a warning", async () => {
    const github = await start();
    const { client, lines } = connectClient(github);
    const reset = String(Math.floor(Date.now() / 1000));
    github.failNext({ path: /actions\/runners$/ }, {
      status: 403,
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset },
      body: { message: "API rate limit exceeded for installation ID 11." },
    });
    await expect(client.listRunners(repoScope)).resolves.toEqual([]);
    const warning = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((l) => l.msg === "github rate limit reached");
    expect(warning).toMatchObject({ kind: "primary", willRetry: true, method: "GET" });
  });

  it("fails a launch that meets a secondary rate limit at once: the pool backs off, no request waits in line", async () => {
    const github = await start();
    const { client } = connectClient(github);
    github.failNext({ path: /generate-jitconfig$/ }, {
      status: 403,
      headers: { "retry-after": "1" },
      body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." },
    });
    await expect(client.createJitRunner(repoScope, jitRequest)).rejects.toMatchObject({
      code: "OFFLOAD_GITHUB_API",
      message: expect.stringContaining("secondary rate limit"),
    });
    expect(requestsTo(github, /generate-jitconfig$/)).toHaveLength(1);
  });

  it("fails at once when a primary limit resets too far ahead to wait", async () => {
    const github = await start();
    const { client } = connectClient(github);
    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    github.failNext({ path: /actions\/runners$/ }, {
      status: 429,
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset },
      body: { message: "API rate limit exceeded" },
    });
    const error = await caught(client.listRunners(repoScope));
    expect(githubStatus(error)).toBe(429);
  });
});

describe("timeouts", () => {
  it("gives up on a request that gets no answer in time", async () => {
    const github = await start();
    const { client } = connectClient(github, { retries: 0, requestTimeoutMs: 300 });
    github.holdUntilConcurrent({ path: /actions\/runners$/ }, 1_000);
    const error = await caught(client.listRunners(repoScope));
    expect(isOffloadError(error, "OFFLOAD_GITHUB_API")).toBe(true);
    expect((error as Error).message).toMatch(/^GET '\/repos\/acme\/app\/actions\/runners' failed without an answer: .*timeout/);
  });
});

describe("GITHUB_API_URL", () => {
  it("sends every call, token minting included, under a GHES /api/v3 prefix", async () => {
    const github = await start({ prefix: "/api/v3" });
    const { client } = connectClient(github);
    github.addRunners("repo:acme/app", Array.from({ length: 120 }, (_, i) => ({ name: `r-${i}` })));
    await client.createJitRunner(repoScope, jitRequest);
    expect(await client.listRunners(repoScope)).toHaveLength(121);
    expect(github.requests.length).toBeGreaterThan(0);
    expect(github.requests.every((r) => r.path.startsWith("/api/v3/"))).toBe(true);
  });
});
