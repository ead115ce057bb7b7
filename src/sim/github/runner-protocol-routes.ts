import { randomUUID, timingSafeEqual } from "node:crypto";
import type { ActionsService, RunnerNotice } from "./actions-service.js";
import { isRecord } from "./is-record.js";
import { answerError, type RouteTable, type SimAnswer } from "./route-table.js";
import type { SimState } from "./sim-state.js";

/** A message the runner reads from its session, in order. */
export type RunnerMessage =
  | { seq: number; type: "job"; job: { id: number; name: string } }
  | { seq: number; type: "job-completed"; job: { id: number; name: string; conclusion: string | null } }
  | { seq: number; type: "removed" };

interface Session {
  readonly runnerId: number;
  readonly messages: RunnerMessage[];
  readonly waiters: Set<() => void>;
}

const MAX_WAIT_MS = 30_000;

/**
 * The runner side of the Actions service, in our own small HTTP form (the real broker protocol is
 * far larger; github-protocol.md §5.4): open a session with the runner's credentials, long-poll
 * for messages, close the session. A JIT config opens one session, ever.
 */
export function addRunnerProtocolRoutes(routes: RouteTable, state: SimState, actions: ActionsService): { close(): void } {
  const sessions = new Map<string, Session>();
  const byRunner = new Map<number, Session>();

  actions.onNotice((notice) => {
    const session = byRunner.get(notice.runnerId);
    if (session === undefined) return;
    session.messages.push(toMessage(notice, session.messages.length + 1));
    for (const wake of session.waiters) wake();
    session.waiters.clear();
  });

  routes.add("POST", "/_sim/runner/sessions", (request) => {
    const body = isRecord(request.body) ? request.body : {};
    const runner = typeof body["agentId"] === "number" ? state.runners.get(body["agentId"]) : undefined;
    const proof = typeof body["proof"] === "string" ? body["proof"] : "";
    if (runner === undefined || !sameSecret(proof, runner.secret)) return answerError(401, "The runner's credentials are not valid.");
    if (runner.jitUsed) return answerError(409, "This JIT configuration was already used: a JIT runner may open one session only.");
    if (runner.deleted) {
      return answerError(403, "The runner registration has been deleted from the server, please re-configure.");
    }
    runner.jitUsed = true;
    const sessionId = randomUUID();
    const session: Session = { runnerId: runner.id, messages: [], waiters: new Set() };
    sessions.set(sessionId, session);
    byRunner.set(runner.id, session);
    actions.connectRunner(runner.id);
    return { status: 201, body: { sessionId, agentName: runner.name } };
  });

  routes.add("GET", "/_sim/runner/sessions/{session_id}/messages", async (request): Promise<SimAnswer> => {
    const found = sessions.get(request.params["session_id"] ?? "");
    if (found === undefined) return answerError(404, "The session does not exist.");
    const session: Session = found;
    const after = Number(request.query.get("after") ?? 0) || 0;
    const waitMs = Math.min(MAX_WAIT_MS, Number(request.query.get("wait") ?? MAX_WAIT_MS) || MAX_WAIT_MS);
    if (session.messages.length <= after) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, waitMs);
        function done(): void {
          clearTimeout(timer);
          session.waiters.delete(done);
          resolve();
        }
        session.waiters.add(done);
      });
    }
    const pending = session.messages.slice(after);
    return pending.length === 0 ? { status: 204 } : { status: 200, body: { messages: pending } };
  });

  routes.add("DELETE", "/_sim/runner/sessions/{session_id}", (request) => {
    const id = request.params["session_id"] ?? "";
    const session = sessions.get(id);
    if (session !== undefined) {
      sessions.delete(id);
      byRunner.delete(session.runnerId);
      actions.disconnectRunner(session.runnerId);
    }
    return { status: 204 };
  });

  return {
    close() {
      for (const session of sessions.values()) for (const wake of [...session.waiters]) wake();
    },
  };
}

function toMessage(notice: RunnerNotice, seq: number): RunnerMessage {
  if (notice.type === "removed") return { seq, type: "removed" };
  if (notice.type === "assigned") return { seq, type: "job", job: { id: notice.job.id, name: notice.job.name } };
  return { seq, type: "job-completed", job: { id: notice.job.id, name: notice.job.name, conclusion: notice.job.conclusion } };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
