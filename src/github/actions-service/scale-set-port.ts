import type { Secret } from "../../config/secret.js";
import type { JitRunner } from "../github-port.js";
import type { RunnerScope } from "../../policy/runner-scope.js";
import type { JobMessage, ScaleSetStatistics } from "./actions-service-schemas.js";

export type { JobMessage, ScaleSetStatistics } from "./actions-service-schemas.js";

/** A scale set as registered: its id and what the service holds for it. */
export interface RegisteredScaleSet {
  readonly id: number;
  readonly name: string;
  readonly runnerGroupId: number;
  readonly labels: readonly string[];
}

/** An open message session: where its queue is and the token for it (never logged). */
export interface ScaleSetSession {
  readonly scope: RunnerScope;
  readonly scaleSetId: number;
  readonly sessionId: string;
  readonly statistics: ScaleSetStatistics | null;
  /** Internal to the client (queue URL and token); replaced when the session is refreshed. */
  readonly handle: { queueUrl: string; token: Secret };
}

/** One long-poll answer: a message id, its job messages, and the statistics the service sent with it. */
export interface ScaleSetMessage {
  readonly messageId: number;
  readonly jobs: readonly JobMessage[];
  readonly statistics: ScaleSetStatistics;
}

/**
 * What the scale-set intake asks of GitHub's Actions service, in our words. The real client
 * (`createScaleSetClient`) gets the service's admin connection with the App's installation token
 * as actions/scaleset does; every failure is an `OffloadError` `OFFLOAD_ACTIONS_SERVICE` whose
 * cause carries the HTTP status (`actionsServiceStatus`).
 */
export interface ScaleSetPort {
  /** Gets the scale set by name in the runner group, creating it, or updating its labels when they differ. */
  ensureScaleSet(scope: RunnerScope, spec: { name: string; labels: readonly string[]; runnerGroup: string }): Promise<RegisteredScaleSet>;
  /** Opens a message session, or `conflict` when another listener holds one (HTTP 409). */
  createSession(scope: RunnerScope, scaleSetId: number, owner: string): Promise<ScaleSetSession | "conflict">;
  /** Deletes a session (ours on a clean stop, or a stale one a crash left); a session already gone is fine. */
  deleteSession(scope: RunnerScope, scaleSetId: number, sessionId: string): Promise<void>;
  /** Long-polls for the next message after `lastMessageId`; null when the service had nothing (202). */
  getMessage(session: ScaleSetSession, lastMessageId: number, maxCapacity: number, signal: AbortSignal): Promise<ScaleSetMessage | null>;
  /** Acknowledges a message; only after its facts are in the ledger. */
  deleteMessage(session: ScaleSetSession, messageId: number): Promise<void>;
  /** Acquires available jobs by request id; answers the ids acquired. */
  acquireJobs(session: ScaleSetSession, requestIds: readonly number[]): Promise<number[]>;
  /** A JIT runner bound to the scale set. */
  generateJitConfig(scope: RunnerScope, scaleSetId: number, runnerName: string): Promise<JitRunner>;
}
