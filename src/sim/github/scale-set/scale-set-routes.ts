import type { z } from "zod";
import {
  AcquireJobsRequestSchema,
  AcquireJobsResponseSchema,
  JitRunnerConfigSchema,
  JitRunnerSettingSchema,
  RunnerScaleSetRequestSchema,
  RunnerScaleSetSchema,
  ScaleSetMessageResponseSchema,
  ScaleSetSessionSchema,
} from "../../../github/actions-service/actions-service-schemas.js";
import { createRunnerSecret, encodeJitConfig } from "../encode-jit-config.js";
import { isRecord } from "../is-record.js";
import type { RouteTable, SimAnswer, SimRequest } from "../route-table.js";
import type { SimContext } from "../sim-context.js";
import { listLiveRunners, type RunnerRecord } from "../sim-state.js";
import type { AdminGrant } from "./registration-routes.js";
import type { ScaleSetService, SimScaleSet, SimSession } from "./scale-set-service.js";

const API = "/_actions/{tenant}/_apis/runtime";
const DEFAULT_GROUP = { id: 1, name: "Default" };

/** Switches tests turn to play the network and the service misbehaving. */
export interface ScaleSetFaults {
  /** Every Actions service call answers 503, and waiting polls end with it (the network is down). */
  outage: boolean;
  /** Message deletions are never answered and never take effect (the ack is withheld). */
  holdAcks: boolean;
  /** Acknowledgements withheld so far. */
  heldAcks: number;
}

/**
 * The Actions service's scale-set endpoints as actions/scaleset calls them (client.go and
 * session_client.go @ 6ce0259): every call carries `api-version=6.0-preview` (client.go l.265) and
 * the admin token, except the message queue and acquire calls, which carry the session's message
 * queue token (session_client.go l.140, l.274). Bodies are checked against the schemas written
 * from the library's types; a mismatch is recorded in `violations`.
 */
export function addScaleSetRoutes(routes: RouteTable, deps: { context: SimContext; service: ScaleSetService; grants: Map<string, AdminGrant>; faults: ScaleSetFaults; violations: string[]; queueUrl: (session: SimSession) => string }): void {
  const { context, service, grants, faults, violations } = deps;
  const check = <T>(schema: z.ZodType<T>, value: unknown, what: string): T | null => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) violations.push(`${what}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
    return parsed.success ? parsed.data : null;
  };
  const answer = <T>(schema: z.ZodType<T>, status: number, body: T, what: string): SimAnswer => {
    check(schema, body, `answer of ${what}`);
    return { status, body };
  };
  /** Outage, api-version and the admin token, then the scale set in the token's scope. */
  const admin = (request: SimRequest, handle: (scope: string) => SimAnswer | Promise<SimAnswer>): SimAnswer | Promise<SimAnswer> => {
    if (faults.outage) return serviceError(503, "The service is unavailable.");
    if (request.query.get("api-version") !== "6.0-preview") return serviceError(400, "api-version=6.0-preview is required");
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    const grant = token === undefined ? undefined : grants.get(token);
    if (grant === undefined || grant.expiresAt <= context.clock.now()) return serviceError(401, "The admin token is not valid.");
    return handle(grant.scope);
  };
  const withSet = (request: SimRequest, scope: string, handle: (set: SimScaleSet) => SimAnswer | Promise<SimAnswer>): SimAnswer | Promise<SimAnswer> => {
    const set = service.sets.get(Number(request.params["id"]));
    return set === undefined || set.scope !== scope ? serviceError(404, "The runner scale set was not found.") : handle(set);
  };
  const render = (set: SimScaleSet) => ({
    id: set.id,
    name: set.name,
    runnerGroupId: set.runnerGroupId,
    runnerGroupName: DEFAULT_GROUP.name,
    labels: set.labels,
    runnerJitConfigUrl: `${context.url}${API.replace("{tenant}", "tenant-1")}/runnerscalesets/${set.id}/generatejitconfig`,
    statistics: service.statistics(set),
  });

  for (const path of [`${API}/runnergroups`, `${API}/runnergroups/`]) {
    routes.add("GET", path, (request) => admin(request, () => {
      const wanted = request.query.get("groupName")?.toLowerCase();
      const groups = wanted === undefined || wanted === "default" ? [{ id: DEFAULT_GROUP.id, name: DEFAULT_GROUP.name, size: 0, isDefaultGroup: true }] : [];
      return { status: 200, body: { count: groups.length, value: groups } };
    }));
  }
  routes.add("GET", `${API}/runnerscalesets`, (request) => admin(request, (scope) => {
    const name = request.query.get("name");
    const group = Number(request.query.get("runnerGroupId") ?? DEFAULT_GROUP.id);
    const found = [...service.sets.values()].filter((set) => set.scope === scope && set.runnerGroupId === group && (name === null || set.name === name));
    return { status: 200, body: { count: found.length, value: found.map(render) } };
  }));
  routes.add("POST", `${API}/runnerscalesets`, (request) => admin(request, (scope) => {
    const body = check(RunnerScaleSetRequestSchema, request.body, "POST runnerscalesets body");
    if (body === null) return serviceError(400, "The runner scale set is not valid.");
    if (body.runnerGroupId !== DEFAULT_GROUP.id) return serviceError(404, "The runner group was not found.");
    // "runner scale set names must be unique within a runner group" (client.go l.405).
    if ([...service.sets.values()].some((set) => set.scope === scope && set.runnerGroupId === body.runnerGroupId && set.name === body.name)) {
      return serviceError(409, `A runner scale set named ${body.name} already exists in this runner group.`);
    }
    return answer(RunnerScaleSetSchema, 200, render(service.createSet({ name: body.name, runnerGroupId: body.runnerGroupId, labels: body.labels, scope })), "POST runnerscalesets");
  }));
  routes.add("GET", `${API}/runnerscalesets/{id}`, (request) => admin(request, (scope) => withSet(request, scope, (set) => ({ status: 200, body: render(set) }))));
  routes.add("PATCH", `${API}/runnerscalesets/{id}`, (request) => admin(request, (scope) => withSet(request, scope, (set) => {
    const body = check(RunnerScaleSetRequestSchema.partial(), request.body, "PATCH runnerscalesets body");
    if (body === null) return serviceError(400, "The runner scale set is not valid.");
    if (body.name !== undefined) set.name = body.name;
    if (body.labels !== undefined) set.labels = body.labels;
    return answer(RunnerScaleSetSchema, 200, render(set), "PATCH runnerscalesets");
  })));
  routes.add("DELETE", `${API}/runnerscalesets/{id}`, (request) => admin(request, (scope) => withSet(request, scope, (set) => {
    service.deleteSet(set.id);
    return { status: 204 };
  })));

  routes.add("POST", `${API}/runnerscalesets/{id}/sessions`, (request) => admin(request, (scope) => withSet(request, scope, (set) => {
    const owner = isRecord(request.body) && typeof request.body["ownerName"] === "string" ? request.body["ownerName"] : "";
    const session = service.openSession(set, owner);
    if (session === null) return serviceError(409, `The runner scale set ${set.name} already has an active session.`);
    const body = { sessionId: session.id, ownerName: session.ownerName, runnerScaleSet: render(set), messageQueueUrl: deps.queueUrl(session), messageQueueAccessToken: session.queueToken, statistics: service.statistics(set) };
    return answer(ScaleSetSessionSchema, 200, body, "POST sessions");
  })));
  routes.add("PATCH", `${API}/runnerscalesets/{id}/sessions/{sessionId}`, (request) => admin(request, (scope) => withSet(request, scope, (set) => {
    const session = service.sessions.get(request.params["sessionId"] ?? "");
    if (session === undefined || session.scaleSetId !== set.id) return serviceError(404, "The message session was not found.");
    session.queueToken = createRunnerSecret().slice(0, 48);
    const body = { sessionId: session.id, ownerName: session.ownerName, runnerScaleSet: render(set), messageQueueUrl: deps.queueUrl(session), messageQueueAccessToken: session.queueToken, statistics: service.statistics(set) };
    return answer(ScaleSetSessionSchema, 200, body, "PATCH sessions");
  })));
  routes.add("DELETE", `${API}/runnerscalesets/{id}/sessions/{sessionId}`, (request) => admin(request, (scope) => withSet(request, scope, (set) => {
    const session = service.sessions.get(request.params["sessionId"] ?? "");
    if (session === undefined || session.scaleSetId !== set.id) return serviceError(404, "The message session was not found.");
    service.sessions.delete(session.id);
    set.queue.wakeAll();
    return { status: 204 };
  })));

  routes.add("POST", `${API}/runnerscalesets/{id}/acquirejobs`, (request) => {
    if (faults.outage) return serviceError(503, "The service is unavailable.");
    const set = service.sets.get(Number(request.params["id"]));
    const session = set === undefined ? undefined : sessionByToken(service, set, request);
    if (set === undefined || session === undefined) return serviceError(401, "The message queue token is not valid.");
    const ids = check(AcquireJobsRequestSchema, request.body, "POST acquirejobs body") ?? [];
    const acquired = service.acquire(set, ids);
    return answer(AcquireJobsResponseSchema, 200, { count: acquired.length, value: acquired }, "POST acquirejobs");
  });
  routes.add("POST", `${API}/runnerscalesets/{id}/generatejitconfig`, (request) => admin(request, (scope) => withSet(request, scope, (set) => {
    const body = check(JitRunnerSettingSchema, request.body, "POST generatejitconfig body");
    if (body === null) return serviceError(400, "The runner settings are not valid.");
    const runnerScope = set.scope;
    if (listLiveRunners(context.state).some((runner) => runner.scope === runnerScope && runner.name.toLowerCase() === body.name.toLowerCase())) {
      return serviceError(409, `A runner with the name ${body.name} already exists.`);
    }
    const runner: RunnerRecord = {
      id: context.state.nextId("runner"), name: body.name, labels: [set.name, ...set.labels.map((l) => l.name)], status: "offline", busy: false, ephemeral: true,
      scope: runnerScope, runnerGroupId: set.runnerGroupId, os: "unknown", version: null, secret: createRunnerSecret(), jitUsed: false, deleted: false,
    };
    context.state.runners.set(runner.id, runner);
    service.runnerSets.set(runner.id, set.id);
    const encoded = encodeJitConfig({ runnerId: runner.id, runnerName: runner.name, runnerGroupId: runner.runnerGroupId, simUrl: context.url, secret: runner.secret });
    return answer(JitRunnerConfigSchema, 200, { runner: { id: runner.id, name: runner.name, runnerScaleSetId: set.id }, encodedJITConfig: encoded }, "POST generatejitconfig");
  })));

  addMessageQueueRoutes(routes, deps);
}

function addMessageQueueRoutes(routes: RouteTable, deps: { context: SimContext; service: ScaleSetService; faults: ScaleSetFaults; violations: string[] }): void {
  const { service, faults, context } = deps;
  const find = (request: SimRequest): { set: SimScaleSet; session: SimSession } | null => {
    const session = service.sessions.get(request.params["sessionId"] ?? "");
    const set = session === undefined ? undefined : service.sets.get(session.scaleSetId);
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    return session !== undefined && set !== undefined && token === session.queueToken ? { set, session } : null;
  };
  routes.add("GET", "/_actions/{tenant}/messagequeue/{sessionId}", async (request) => {
    if (faults.outage) return serviceError(503, "The service is unavailable.");
    const found = find(request);
    // The library refreshes the session on 401 (session_client.go l.161-162); a deleted session stays refused.
    if (found === null) return serviceError(401, "The message queue token is not valid.");
    const { set, session } = found;
    const capacity = Number(request.headers["x-scalesetmaxcapacity"]);
    if (Number.isInteger(capacity) && capacity >= 0) service.reportCapacity(set, capacity);
    else deps.violations.push("GET message: X-ScaleSetMaxCapacity header missing or not an integer");
    const lastMessageId = Number(request.query.get("lastMessageId") ?? "0");
    session.polling += 1;
    try {
      const message = await set.queue.next(lastMessageId, service.pollTimeoutMs, request.signal ?? new AbortController().signal);
      if (faults.outage) return serviceError(503, "The service is unavailable.");
      if (!service.sessions.has(session.id)) return serviceError(404, "The message session was not found.");
      if (message === null) return { status: 202 };
      const body = { messageId: message.id, messageType: "RunnerScaleSetJobMessages" as const, body: JSON.stringify(message.jobs), statistics: service.statistics(set) };
      const parsed = ScaleSetMessageResponseSchema.safeParse(body);
      if (!parsed.success) deps.violations.push(`answer of GET message: ${parsed.error.message}`);
      return { status: 200, body };
    } finally {
      session.polling -= 1;
      session.lastSeen = context.clock.now();
    }
  });
  routes.add("DELETE", "/_actions/{tenant}/messagequeue/{sessionId}/{messageId}", async (request) => {
    if (faults.outage) return serviceError(503, "The service is unavailable.");
    const found = find(request);
    if (found === null) return serviceError(401, "The message queue token is not valid.");
    if (faults.holdAcks) {
      faults.heldAcks += 1;
      // Never answered while the client waits; dropped when it goes away (crash) or the sim closes.
      await new Promise<void>((resolve) => request.signal?.addEventListener("abort", () => resolve(), { once: true }));
      return { status: 503 };
    }
    found.set.queue.remove(Number(request.params["messageId"]));
    return { status: 204 };
  });
}

function sessionByToken(service: ScaleSetService, set: SimScaleSet, request: SimRequest): SimSession | undefined {
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
  return [...service.sessions.values()].find((session) => session.scaleSetId === set.id && session.queueToken === token);
}

/** The Actions service's error body (a .NET exception: `message`, `typeName`), not GitHub's `basic-error`. */
function serviceError(status: number, message: string): SimAnswer {
  return { status, body: { $id: "1", innerException: null, message, typeName: "GitHub.Actions.Runtime.WebApi.ScaleSetException, Sdk", typeKey: "ScaleSetException", errorCode: 0, eventId: 3000 } };
}
