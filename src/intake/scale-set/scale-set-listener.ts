import type { ScaleSetConfig } from "../../config/scale-set-config.js";
import { formatScope } from "../../policy/runner-scope.js";
import type { RegisteredScaleSet, ScaleSetSession } from "../../github/actions-service/scale-set-port.js";
import { handleScaleSetMessage, toReportedDemand, type MessageDeps } from "./handle-scale-set-message.js";
import { registrationSpec, scaleSetKey, scaleSetScope } from "./scale-set-routing.js";
import { sessionBackoffMs } from "./session-backoff.js";

/** A scale set's intake as /readyz, the API and the dashboard show it. */
export interface ScaleSetStatus {
  readonly name: string;
  readonly scope: string;
  readonly poolKey: string | null;
  /** `connected`: a session is open and polled; `conflict`: another listener holds the session; `lost`: the service cannot be reached. */
  readonly state: "starting" | "connected" | "conflict" | "lost" | "stopped";
  readonly detail: string;
  readonly since: string;
  readonly scaleSetId: number | null;
  readonly sessionId: string | null;
  readonly messages: number;
  readonly reconnects: number;
  readonly lastMessageAt: string | null;
}

export interface ListenerOptions {
  /** The session's owner as the service records it (ARC uses the host name). */
  readonly owner: string;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** Wait after a 409 before asking for a session again (ARC: 30 s). */
  readonly conflictRetryMs: number;
  /** Told once the scale set is registered, so its runners can get JIT configs through it. */
  readonly onRegistered: (set: ScaleSetConfig, registered: RegisteredScaleSet) => void;
}

/**
 * Listens on one scale set until stopped: registers it, opens a message session (deleting the
 * one a crash left, recorded in the ledger; waiting while another listener holds one), then
 * long-polls, handing each message to `handleScaleSetMessage`. Any failure ends the session and
 * starts over with backoff; the session's state is always readable with `status()`.
 */
export function createScaleSetListener(deps: MessageDeps, set: ScaleSetConfig, poolKey: string | null, options: ListenerOptions) {
  const { ledger, port, clock } = deps;
  const scope = scaleSetScope(set);
  const key = scaleSetKey(set);
  const log = deps.log.child({ scaleSet: set.name, scope: formatScope(scope) });
  const stopping = new AbortController();
  let status: ScaleSetStatus = { name: set.name, scope: formatScope(scope), poolKey, state: "starting", detail: "registering the scale set", since: clock.iso(), scaleSetId: null, sessionId: null, messages: 0, reconnects: 0, lastMessageAt: null };
  const update = (patch: Partial<ScaleSetStatus>): void => {
    const changed = patch.state !== undefined && patch.state !== status.state;
    status = { ...status, ...patch, ...(changed ? { since: clock.iso() } : {}) };
  };
  let registered: RegisteredScaleSet | null = null;
  let running: Promise<void> | null = null;

  const openSession = async (scaleSet: RegisteredScaleSet): Promise<ScaleSetSession | null> => {
    const stale = await ledger.findScaleSetSession(key);
    if (stale !== null) {
      // Our own session from before a crash: the service would answer 409 until it expires.
      await port.deleteSession(scope, stale.scaleSetId, stale.sessionId).catch((error: unknown) => log.warn({ err: describe(error) }, "could not delete the stale scale-set session"));
      await ledger.forgetScaleSetSession(key, stale.sessionId);
    }
    for (;;) {
      const session = await port.createSession(scope, scaleSet.id, options.owner);
      if (session !== "conflict") return session;
      update({ state: "conflict", detail: `another listener holds the session of scale set ${set.name}; retrying in ${Math.round(options.conflictRetryMs / 1000)} s` });
      log.warn({}, "scale-set session conflict");
      await clock.sleep(options.conflictRetryMs, stopping.signal).catch(() => undefined);
      if (stopping.signal.aborted) return null;
    }
  };

  const listen = async (session: ScaleSetSession): Promise<void> => {
    // A new session starts at message 0: every message left unacknowledged comes again.
    let lastMessageId = 0;
    while (!stopping.signal.aborted) {
      const message = await port.getMessage(session, lastMessageId, set.maxRunners, stopping.signal);
      if (message === null) continue;
      await handleScaleSetMessage(deps, set, session, message, poolKey);
      lastMessageId = message.messageId;
      update({ messages: status.messages + 1, lastMessageAt: clock.iso() });
    }
  };

  const run = async (): Promise<void> => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      try {
        registered ??= await port.ensureScaleSet(scope, registrationSpec(set));
        options.onRegistered(set, registered);
        const session = await openSession(registered);
        if (session === null) break;
        await ledger.saveScaleSetSession({ scaleSet: key, scaleSetId: registered.id, sessionId: session.sessionId, openedAt: clock.iso() });
        if (session.statistics !== null && poolKey !== null) await ledger.recordReportedDemand(toReportedDemand(poolKey, set, session.statistics, clock.iso()));
        update({ state: "connected", detail: `session open, long-polling (max ${set.maxRunners} runners)`, scaleSetId: registered.id, sessionId: session.sessionId, reconnects: status.reconnects + (failures > 0 ? 1 : 0) });
        log.info({ scaleSetId: registered.id }, "scale-set session open");
        failures = 0;
        await listen(session);
      } catch (error) {
        if (stopping.signal.aborted) break;
        failures += 1;
        const waitMs = sessionBackoffMs(failures, options.retryBaseMs, options.retryMaxMs);
        update({ state: "lost", detail: `${describe(error)}; retrying in ${Math.ceil(waitMs / 1000)} s`, sessionId: null });
        log.warn({ err: describe(error), retryInMs: waitMs }, "scale-set session lost");
        await clock.sleep(waitMs, stopping.signal).catch(() => undefined);
      }
    }
  };

  return {
    status: (): ScaleSetStatus => status,
    start(): void {
      running ??= run();
    },
    /** Ends the poll and, on this clean stop, deletes the session so a successor opens one at once. */
    async stop(): Promise<void> {
      stopping.abort();
      await running;
      const open = status.sessionId;
      if (open !== null && status.scaleSetId !== null) {
        await port.deleteSession(scope, status.scaleSetId, open).then(
          () => ledger.forgetScaleSetSession(key, open),
          (error: unknown) => log.warn({ err: describe(error) }, "could not delete the scale-set session on stop"),
        );
      }
      update({ state: "stopped", detail: "stopped", sessionId: null });
    },
  };
}

export type ScaleSetListener = ReturnType<typeof createScaleSetListener>;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
