import type { Clock } from "../../clock/clock.js";
import { Secret } from "../../config/secret.js";
import type { OffloadOctokitInstance } from "../offload-octokit.js";
import type { RunnerScope } from "../../policy/runner-scope.js";
import { toGitHubError } from "../to-github-error.js";
import { createActionsServiceHttp, serviceFailure } from "./actions-service-http.js";
import {
  AcquireJobsResponseSchema,
  JitRunnerConfigSchema,
  JobMessageSchema,
  RunnerGroupListSchema,
  RunnerScaleSetListSchema,
  RunnerScaleSetSchema,
  ScaleSetMessageResponseSchema,
  ScaleSetSessionSchema,
  type JobMessage,
  type RunnerScaleSet,
} from "./actions-service-schemas.js";
import type { RegisteredScaleSet, ScaleSetPort, ScaleSetSession } from "./scale-set-port.js";

const SCALE_SETS = "_apis/runtime/runnerscalesets";

/**
 * The real `ScaleSetPort`, following actions/scaleset's client (client.go, session_client.go @
 * 6ce0259). The registration token comes from the REST API with the App's installation token
 * (`POST /orgs/{org}|/repos/{owner}/{repo}/actions/runners/registration-token`).
 */
export function createScaleSetClient(deps: {
  apiUrl: string;
  webUrl: string;
  fetch: typeof fetch;
  clock: Clock;
  installationOctokit: (installationId: number) => OffloadOctokitInstance;
}): ScaleSetPort {
  const http = createActionsServiceHttp({ ...deps, registrationToken: (scope) => registrationToken(deps.installationOctokit(scope.installationId), scope) });

  const refresh = async (session: ScaleSetSession): Promise<void> => {
    // A 401 on the queue means the session's token expired: PATCH the session (session_client.go l.79-89, l.107-113).
    const renewed = await http.admin(session.scope, { method: "PATCH", path: `${SCALE_SETS}/${session.scaleSetId}/sessions/${session.sessionId}`, expect: 200, schema: ScaleSetSessionSchema });
    if (renewed === null) return;
    session.handle.queueUrl = renewed.messageQueueUrl;
    session.handle.token = new Secret(renewed.messageQueueAccessToken);
  };
  const withRefresh = async (session: ScaleSetSession, call: () => Promise<{ status: number; json: unknown }>): Promise<{ status: number; json: unknown }> => {
    const first = await call();
    if (first.status !== 401) return first;
    await refresh(session);
    return call();
  };

  return {
    async ensureScaleSet(scope, spec) {
      const groups = await http.admin(scope, { method: "GET", path: "_apis/runtime/runnergroups/", query: { groupName: spec.runnerGroup }, expect: 200, schema: RunnerGroupListSchema });
      const group = groups?.value[0];
      if (group === undefined) throw serviceFailure(`GET '_apis/runtime/runnergroups' for group '${spec.runnerGroup}'`, 200, "no runner group has that name");
      const labels = spec.labels.map((name) => ({ name, type: "System" }));
      const found = await http.admin(scope, { method: "GET", path: SCALE_SETS, query: { runnerGroupId: String(group.id), name: spec.name }, expect: 200, schema: RunnerScaleSetListSchema });
      const existing = found?.value[0];
      if (existing === undefined) {
        const created = await http.admin(scope, { method: "POST", path: SCALE_SETS, body: { name: spec.name, runnerGroupId: group.id, labels, RunnerSetting: { disableUpdate: true } }, expect: 200, schema: RunnerScaleSetSchema });
        return toRegistered(created);
      }
      const current = (existing.labels ?? []).map((label) => label.name).sort().join(",");
      if (current === [...spec.labels].sort().join(",")) return toRegistered(existing);
      const updated = await http.admin(scope, { method: "PATCH", path: `${SCALE_SETS}/${existing.id}`, body: { name: spec.name, runnerGroupId: group.id, labels }, expect: 200, schema: RunnerScaleSetSchema });
      return toRegistered(updated);
    },
    async createSession(scope, scaleSetId, owner) {
      try {
        const session = await http.admin(scope, { method: "POST", path: `${SCALE_SETS}/${scaleSetId}/sessions`, body: { ownerName: owner }, expect: 200, schema: ScaleSetSessionSchema });
        if (session === null) throw serviceFailure("POST sessions", 200, "empty answer");
        return { scope, scaleSetId, sessionId: session.sessionId, statistics: session.statistics ?? null, handle: { queueUrl: session.messageQueueUrl, token: new Secret(session.messageQueueAccessToken) } };
      } catch (error) {
        if (isStatus(error, 409)) return "conflict";
        throw error;
      }
    },
    async deleteSession(scope, scaleSetId, sessionId) {
      try {
        await http.admin(scope, { method: "DELETE", path: `${SCALE_SETS}/${scaleSetId}/sessions/${sessionId}`, expect: 204, schema: null });
      } catch (error) {
        if (!isStatus(error, 404)) throw error;
      }
    },
    async getMessage(session, lastMessageId, maxCapacity, signal) {
      const url = new URL(session.handle.queueUrl);
      if (lastMessageId > 0) url.searchParams.set("lastMessageId", String(lastMessageId));
      const answer = await withRefresh(session, () =>
        http.direct({ method: "GET", url: url.toString(), token: session.handle.token, headers: { "X-ScaleSetMaxCapacity": String(maxCapacity) }, signal, what: "GET message" }),
      );
      if (answer.status === 202) return null;
      if (answer.status !== 200) throw serviceFailure("GET message", answer.status, "the message queue refused the poll");
      const parsed = ScaleSetMessageResponseSchema.safeParse(answer.json);
      if (!parsed.success) throw serviceFailure("GET message", 200, `unexpected answer (${parsed.error.issues[0]?.message ?? "invalid"})`);
      return { messageId: parsed.data.messageId, jobs: parseJobs(parsed.data.body), statistics: parsed.data.statistics };
    },
    async deleteMessage(session, messageId) {
      const url = new URL(session.handle.queueUrl);
      url.pathname = `${url.pathname.replace(/\/$/, "")}/${messageId}`;
      const answer = await withRefresh(session, () => http.direct({ method: "DELETE", url: url.toString(), token: session.handle.token, what: "DELETE message" }));
      if (answer.status !== 204) throw serviceFailure(`DELETE message ${messageId}`, answer.status, "the acknowledgement was refused");
    },
    async acquireJobs(session, requestIds) {
      // Sent to the service with the session's queue token, not the admin token (session_client.go l.265-274).
      const url = await http.serviceUrl(session.scope, `${SCALE_SETS}/${session.scaleSetId}/acquirejobs`);
      const answer = await withRefresh(session, () => http.direct({ method: "POST", url, token: session.handle.token, body: [...requestIds], what: "POST acquirejobs" }));
      const parsed = AcquireJobsResponseSchema.safeParse(answer.json);
      if (answer.status !== 200 || !parsed.success) throw serviceFailure("POST acquirejobs", answer.status, "the jobs could not be acquired");
      return parsed.data.value;
    },
    async generateJitConfig(scope, scaleSetId, runnerName) {
      const answer = await http.admin(scope, { method: "POST", path: `${SCALE_SETS}/${scaleSetId}/generatejitconfig`, body: { name: runnerName, workFolder: "_work" }, expect: 200, schema: JitRunnerConfigSchema });
      if (answer === null) throw serviceFailure("POST generatejitconfig", 200, "empty answer");
      return { runnerId: answer.runner.id, jitConfig: new Secret(answer.encodedJITConfig) };
    },
  };
}

async function registrationToken(octokit: OffloadOctokitInstance, scope: RunnerScope): Promise<Secret> {
  try {
    const { data } = scope.kind === "repo"
      ? await octokit.request("POST /repos/{owner}/{repo}/actions/runners/registration-token", { owner: scope.owner, repo: scope.repo })
      : await octokit.request("POST /orgs/{org}/actions/runners/registration-token", { org: scope.owner });
    return new Secret(data.token);
  } catch (error) {
    throw toGitHubError(error, { method: "POST", path: scope.kind === "repo" ? `/repos/${scope.owner}/${scope.repo}/actions/runners/registration-token` : `/orgs/${scope.owner}/actions/runners/registration-token` });
  }
}

function toRegistered(set: RunnerScaleSet | null): RegisteredScaleSet {
  if (set === null) throw serviceFailure("runner scale set", 200, "empty answer");
  return { id: set.id, name: set.name, runnerGroupId: set.runnerGroupId, labels: (set.labels ?? []).map((label) => label.name) };
}

/** The batched job messages; unknown types are skipped, as the library does (client.go l.562). */
function parseJobs(body: string): JobMessage[] {
  if (body === "") return [];
  const raw: unknown = JSON.parse(body);
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) => {
    const parsed = JobMessageSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

function isStatus(error: unknown, status: number): boolean {
  const cause = (error as { cause?: unknown } | null)?.cause;
  return typeof cause === "object" && cause !== null && (cause as { httpStatus?: unknown }).httpStatus === status;
}
