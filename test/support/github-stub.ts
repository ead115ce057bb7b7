import type { KeyObject } from "node:crypto";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import type { Clock } from "../../src/clock/clock.js";
import { systemClock } from "../../src/clock/clock.js";
import { checkAppJwt, sharedAppKeyPair } from "./github-stub-keys.js";

/** One request the stub received. */
export interface StubRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
}

/** A canned answer for the next matching requests. */
export interface StubReply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

interface StubRunner {
  id: number;
  name: string;
  labels: string[];
  busy: boolean;
  status: "online" | "offline";
}

/** A small GitHub for the client's unit tests: tokens, JIT runners, runner lists, jobs, faults. */
export interface GitHubStub {
  /** Base URL to use as GITHUB_API_URL (includes the prefix, e.g. `/api/v3`). */
  readonly url: string;
  readonly appId: string;
  readonly privateKeyPem: string;
  readonly requests: StubRequest[];
  /** Tokens minted so far (calls to access_tokens that succeeded). */
  mints(): number;
  /** From now on every token issued so far is refused with 401. */
  revokeTokens(): void;
  /** `scopeKey` is `repo:owner/name` or `org:owner`. */
  addRunners(scopeKey: string, runners: { name: string; busy?: boolean; labels?: string[] }[]): number[];
  addJob(repoFullName: string, job: Record<string, unknown> & { id: number }): void;
  failNext(match: { method?: string; path: RegExp }, reply: StubReply, count?: number): void;
  /** Holds matching requests until `count` of them are waiting at once, then answers them all. */
  holdUntilConcurrent(match: { method?: string; path: RegExp }, count: number): void;
  close(): Promise<void>;
}

export interface GitHubStubOptions {
  clock?: Clock;
  prefix?: string;
  tokenTtlMs?: number;
  /** Text inside every installation token the stub issues (canary tests). */
  tokenMarker?: string;
  /** Text inside every JIT config the stub issues (canary tests). */
  jitMarker?: string;
  privateKeyPem?: string;
  publicKey?: KeyObject;
}

const APP_ID = 4242;
const RESET_EPOCH = 1_900_000_000;

export async function startGitHubStub(options: GitHubStubOptions = {}): Promise<GitHubStub> {
  const clock = options.clock ?? systemClock;
  const prefix = options.prefix ?? "";
  const keys = options.privateKeyPem && options.publicKey
    ? { privateKeyPem: options.privateKeyPem, publicKey: options.publicKey }
    : sharedAppKeyPair();
  const tokens = new Map<string, { installationId: number; expiresAt: number; revoked: boolean }>();
  const runners = new Map<string, StubRunner[]>();
  const jobs = new Map<string, Record<string, unknown>>();
  const faults: { method?: string; path: RegExp; reply: StubReply; left: number }[] = [];
  const holds: { method?: string; path: RegExp; count: number; waiting: (() => void)[] }[] = [];
  const requests: StubRequest[] = [];
  let nextRunnerId = 1;
  let minted = 0;
  let remaining = 5000;

  // Held requests whose client gave up would otherwise keep `close()` waiting forever.
  const app = Fastify({ forceCloseConnections: true });
  app.addHook("onRequest", async (request, reply) => {
    const url = new URL(request.url, "http://stub");
    requests.push({ method: request.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: request.headers, body: undefined });
    remaining = Math.max(0, remaining - 1);
    reply.header("x-ratelimit-limit", "5000").header("x-ratelimit-remaining", String(remaining)).header("x-ratelimit-reset", String(RESET_EPOCH));
    const matches = (m: { method?: string; path: RegExp }): boolean =>
      (m.method === undefined || m.method === request.method) && m.path.test(url.pathname);
    const hold = holds.find((h) => h.count > 0 && matches(h));
    if (hold) {
      await new Promise<void>((resolve) => {
        hold.waiting.push(resolve);
        if (hold.waiting.length >= hold.count) {
          hold.count = 0;
          for (const release of hold.waiting) release();
        }
      });
    }
    const fault = faults.find((f) => f.left > 0 && matches(f));
    if (fault) {
      fault.left -= 1;
      return reply.code(fault.reply.status).headers(fault.reply.headers ?? {}).send(fault.reply.body ?? { message: "Server Error" });
    }
    return undefined;
  });
  app.addHook("preHandler", async (request) => {
    const last = requests.at(-1);
    if (last) requests[requests.length - 1] = { ...last, body: request.body };
  });

  const installationOf = (request: FastifyRequest, reply: FastifyReply): number | null => {
    const value = String(request.headers.authorization ?? "");
    const token = value.startsWith("token ") ? tokens.get(value.slice(6)) : undefined;
    if (!token || token.revoked || clock.now() >= token.expiresAt) {
      void reply.code(401).send({ message: "Bad credentials", documentation_url: "https://docs.github.com/rest" });
      return null;
    }
    return token.installationId;
  };

  await app.register(async (api) => {
    api.post<{ Params: { id: string } }>("/app/installations/:id/access_tokens", async (request, reply) => {
      const value = String(request.headers.authorization ?? "");
      const problem = /^bearer /i.test(value) ? checkAppJwt(value.slice(7), APP_ID, keys.publicKey, clock.now()) : "A JSON web token could not be decoded";
      if (problem) return reply.code(401).send({ message: problem, documentation_url: "https://docs.github.com/rest" });
      minted += 1;
      const token = `ghs_${options.tokenMarker ?? "stub"}${minted}`;
      const expiresAt = clock.now() + (options.tokenTtlMs ?? 3_600_000);
      tokens.set(token, { installationId: Number(request.params.id), expiresAt, revoked: false });
      return reply.code(201).send({ token, expires_at: new Date(expiresAt).toISOString(), permissions: { administration: "write" }, repository_selection: "all" });
    });

    const jit = (scopeKey: string, body: { name?: unknown; labels?: unknown; runner_group_id?: unknown }, reply: FastifyReply) => {
      if (typeof body.name !== "string" || !Array.isArray(body.labels) || body.labels.length === 0 || typeof body.runner_group_id !== "number") {
        return reply.code(422).send({ message: "Invalid request.", documentation_url: "https://docs.github.com/rest" });
      }
      const list = runners.get(scopeKey) ?? [];
      if (list.some((r) => r.name.toLowerCase() === String(body.name).toLowerCase())) {
        return reply.code(409).send({ message: `Already exists - A runner with the name ${body.name} already exists.`, documentation_url: "https://docs.github.com/rest" });
      }
      const runner: StubRunner = { id: nextRunnerId++, name: body.name, labels: body.labels.map(String), busy: false, status: "offline" };
      runners.set(scopeKey, [...list, runner]);
      return reply.code(201).send({ runner: render(runner), encoded_jit_config: `${options.jitMarker ?? "jit"}-${runner.id}` });
    };
    const list = (scopeKey: string, request: FastifyRequest<{ Querystring: Record<string, string> }>, reply: FastifyReply) => {
      const perPage = Math.min(Number(request.query.per_page ?? 30), 100);
      const page = Number(request.query.page ?? 1);
      const all = (runners.get(scopeKey) ?? []).filter((r) => request.query.name === undefined || r.name === request.query.name);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      if (page < last) {
        const next = new URL(request.url, "http://stub");
        next.searchParams.set("page", String(page + 1));
        reply.header("link", `<${baseUrl}${next.pathname.slice(prefix.length)}${next.search}>; rel="next"`);
      }
      return reply.send({ total_count: all.length, runners: all.slice((page - 1) * perPage, page * perPage).map(render) });
    };
    const remove = (scopeKey: string, runnerId: number, reply: FastifyReply) => {
      const all = runners.get(scopeKey) ?? [];
      const runner = all.find((r) => r.id === runnerId);
      if (!runner) return reply.code(404).send({ message: "Not Found", documentation_url: "https://docs.github.com/rest" });
      if (runner.busy) return reply.code(422).send({ message: `Bad request - Runner "${runner.name}" is still running a job"`, documentation_url: "https://docs.github.com/rest" });
      runners.set(scopeKey, all.filter((r) => r !== runner));
      return reply.code(204).send();
    };

    type RepoParams = { owner: string; repo: string };
    type OrgParams = { org: string };
    api.post<{ Params: RepoParams; Body: Record<string, unknown> }>("/repos/:owner/:repo/actions/runners/generate-jitconfig", async (request, reply) =>
      installationOf(request, reply) === null ? reply : jit(`repo:${request.params.owner}/${request.params.repo}`, request.body, reply));
    api.post<{ Params: OrgParams; Body: Record<string, unknown> }>("/orgs/:org/actions/runners/generate-jitconfig", async (request, reply) =>
      installationOf(request, reply) === null ? reply : jit(`org:${request.params.org}`, request.body, reply));
    api.get<{ Params: RepoParams; Querystring: Record<string, string> }>("/repos/:owner/:repo/actions/runners", async (request, reply) =>
      installationOf(request, reply) === null ? reply : list(`repo:${request.params.owner}/${request.params.repo}`, request, reply));
    api.get<{ Params: OrgParams; Querystring: Record<string, string> }>("/orgs/:org/actions/runners", async (request, reply) =>
      installationOf(request, reply) === null ? reply : list(`org:${request.params.org}`, request, reply));
    api.delete<{ Params: RepoParams & { id: string } }>("/repos/:owner/:repo/actions/runners/:id", async (request, reply) =>
      installationOf(request, reply) === null ? reply : remove(`repo:${request.params.owner}/${request.params.repo}`, Number(request.params.id), reply));
    api.delete<{ Params: OrgParams & { id: string } }>("/orgs/:org/actions/runners/:id", async (request, reply) =>
      installationOf(request, reply) === null ? reply : remove(`org:${request.params.org}`, Number(request.params.id), reply));
    api.get<{ Params: RepoParams & { id: string } }>("/repos/:owner/:repo/actions/jobs/:id", async (request, reply) => {
      if (installationOf(request, reply) === null) return reply;
      const job = jobs.get(`${request.params.owner}/${request.params.repo}#${request.params.id}`);
      return job ? reply.send(job) : reply.code(404).send({ message: "Not Found", documentation_url: "https://docs.github.com/rest" });
    });
    api.post<{ Params: { code: string } }>("/app-manifests/:code/conversions", async (request, reply) => {
      if (request.params.code !== "good-code") return reply.code(404).send({ message: "Not Found", documentation_url: "https://docs.github.com/rest" });
      return reply.code(201).send({
        id: 777, slug: "offload-test", node_id: "A_1", client_id: "Iv1.abc", client_secret: "cs", webhook_secret: "whsec",
        pem: keys.privateKeyPem, html_url: "https://github.com/apps/offload-test", name: "offload-test",
      });
    });
  }, { prefix });

  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  const baseUrl = `${address}${prefix}`;

  return {
    url: baseUrl,
    appId: String(APP_ID),
    privateKeyPem: keys.privateKeyPem,
    requests,
    mints: () => minted,
    revokeTokens: () => {
      for (const token of tokens.values()) token.revoked = true;
    },
    addRunners: (scopeKey, added) => {
      const created = added.map((r) => ({ id: nextRunnerId++, name: r.name, labels: r.labels ?? ["stub"], busy: r.busy ?? false, status: "online" as const }));
      runners.set(scopeKey, [...(runners.get(scopeKey) ?? []), ...created]);
      return created.map((r) => r.id);
    },
    addJob: (repoFullName, job) => void jobs.set(`${repoFullName}#${job.id}`, job),
    failNext: (match, reply, count = 1) => void faults.push({ ...match, reply, left: count }),
    holdUntilConcurrent: (match, count) => void holds.push({ ...match, count, waiting: [] }),
    close: async () => {
      for (const hold of holds) for (const release of hold.waiting.splice(0)) release();
      await app.close();
    },
  };
}

function render(runner: StubRunner) {
  return {
    id: runner.id, name: runner.name, os: "unknown", status: runner.status, busy: runner.busy, ephemeral: true,
    labels: runner.labels.map((name, index) => ({ id: index + 1, name, type: "custom" })),
  };
}
