import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { setMaxListeners } from "node:events";
import type { Clock } from "../../clock/clock.js";
import { sendHttp } from "../send-http.js";
import type { SimDelivery, SimState } from "./sim-state.js";

/** Delivery faults, each a probability decided by the seeded generator. */
export interface WebhookFaults {
  drop: number;
  duplicate: number;
  reorderWindowMs: number;
}

/** What to deliver; `orderKey` keeps one job's deliveries in order while other jobs' go in parallel. */
export interface Outgoing {
  readonly event: string;
  readonly action: string | null;
  readonly payload: unknown;
  readonly orderKey: string;
  readonly installationId: number | null;
  readonly repositoryId: number | null;
  readonly jobId: number | null;
}

export interface WebhookSender {
  setTarget(url: string | null, secret: string): void;
  /** Several receivers behind one stream (replicas behind a balancer): deliveries go round-robin. */
  setTargets(urls: readonly string[], secret: string): void;
  setFaults(faults: Partial<WebhookFaults>): void;
  send(outgoing: Outgoing): void;
  /** Sends a recorded delivery again: same guid and bytes, a new delivery id, `redelivery: true`. */
  redeliver(delivery: SimDelivery): void;
  /** Resolves once nothing is in flight or held. */
  settle(): Promise<void>;
  close(): void;
}

/* GitHub waits 10 s for an answer and never retries a failure (github-protocol.md §2.3). */
const TIMEOUT_MS = 10_000;

export function createWebhookSender(deps: { state: SimState; clock: Clock; random: () => number; appId: () => number; hookId: number }): WebhookSender {
  const { state, clock, random } = deps;
  const closing = new AbortController();
  // Every delivery in flight listens to it; a burst has hundreds at once.
  setMaxListeners(0, closing.signal);
  const userAgent = `GitHub-Hookshot/${randomBytes(4).toString("hex").slice(0, 7)}`;
  const chains = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  let target: { urls: readonly string[]; secret: string } | null = null;
  let nextTarget = 0;
  let faults: WebhookFaults = { drop: 0, duplicate: 0, reorderWindowMs: 0 };

  const track = (work: Promise<void>): Promise<void> => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    return work;
  };

  const attempt = async (
    outgoing: Outgoing,
    guid: string,
    body: string,
    options: { redelivery: boolean; dropped: boolean },
  ): Promise<void> => {
    const targets = target;
    if (targets === null || targets.urls.length === 0 || closing.signal.aborted) return;
    const to = { url: targets.urls[nextTarget++ % targets.urls.length] as string, secret: targets.secret };
    const headers = buildHeaders(outgoing.event, guid, body, to.secret, deps.hookId, deps.appId(), userAgent);
    const deliveredAt = clock.iso();
    const started = performance.now();
    const answer = options.dropped ? { statusCode: 0, status: "timed out", headers: {}, body: null } : await post(to.url, headers, body, closing.signal);
    if (closing.signal.aborted) return;
    state.deliveries.push({
      id: state.nextId("delivery"),
      guid,
      event: outgoing.event,
      action: outgoing.action,
      statusCode: answer.statusCode,
      status: answer.status,
      ok: answer.statusCode >= 200 && answer.statusCode < 300,
      redelivery: options.redelivery,
      deliveredAt,
      durationMs: performance.now() - started,
      installationId: outgoing.installationId,
      repositoryId: outgoing.repositoryId,
      jobId: outgoing.jobId,
      url: to.url,
      requestHeaders: headers,
      body,
      responseHeaders: answer.headers,
      responseBody: answer.body,
    });
  };

  return {
    setTarget(url, secret) {
      target = url === null ? null : { urls: [url], secret };
    },
    setTargets(urls, secret) {
      target = { urls: [...urls], secret };
    },
    setFaults(next) {
      faults = { ...faults, ...next };
    },
    send(outgoing) {
      if (target === null) return;
      const guid = randomUUID();
      const body = JSON.stringify(outgoing.payload);
      // Always three draws, so a seed gives the same faults whichever of them are switched on.
      const dropped = random() < faults.drop;
      const duplicated = random() < faults.duplicate;
      const holdMs = random() * faults.reorderWindowMs;
      const run = async (): Promise<void> => {
        await attempt(outgoing, guid, body, { redelivery: false, dropped });
        if (duplicated) await attempt(outgoing, guid, body, { redelivery: false, dropped: false });
      };
      if (holdMs > 0) {
        // A held delivery leaves its job's queue, so later ones may overtake it: that is the reorder.
        track(delay(holdMs, closing.signal).then(run, () => undefined));
        return;
      }
      const previous = chains.get(outgoing.orderKey) ?? Promise.resolve();
      const next = track(previous.then(run));
      chains.set(outgoing.orderKey, next);
      void next.finally(() => {
        if (chains.get(outgoing.orderKey) === next) chains.delete(outgoing.orderKey);
      });
    },
    redeliver(delivery) {
      const outgoing: Outgoing = { ...delivery, payload: null, orderKey: delivery.guid };
      track(attempt(outgoing, delivery.guid, delivery.body, { redelivery: true, dropped: false }));
    },
    async settle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    close() {
      closing.abort();
    },
  };
}

export function buildHeaders(
  event: string,
  guid: string,
  body: string,
  secret: string,
  hookId: number,
  appId: number,
  userAgent: string,
): Record<string, string> {
  return {
    accept: "*/*",
    "content-type": "application/json",
    "user-agent": userAgent,
    "x-github-delivery": guid,
    "x-github-event": event,
    "x-github-hook-id": String(hookId),
    "x-github-hook-installation-target-id": String(appId),
    "x-github-hook-installation-target-type": "integration",
    "x-hub-signature": `sha1=${createHmac("sha1", secret).update(body).digest("hex")}`,
    "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
  };
}

async function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  closing: AbortSignal,
): Promise<{ statusCode: number; status: string; headers: Record<string, string>; body: string | null }> {
  try {
    const response = await sendHttp(url, { method: "POST", headers, body, signal: closing, timeoutMs: TIMEOUT_MS });
    const ok = response.status >= 200 && response.status < 300;
    return { statusCode: response.status, status: ok ? "OK" : `Invalid HTTP Response: ${response.status}`, headers: response.headers, body: response.body };
  } catch (error) {
    const timedOut = error instanceof Error && error.message.startsWith("no answer");
    return { statusCode: 0, status: timedOut ? "timed out" : "failed to connect", headers: {}, body: null };
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
