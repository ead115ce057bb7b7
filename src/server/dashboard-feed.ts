import type { Clock } from "../clock/clock.js";
import type { EventBus } from "../events/event-bus.js";
import type { Ledger } from "../ledger/ledger.js";

/**
 * What `/api/events` tells a page: which job or runner changed, so it re-fetches just that
 * (`/api/jobs/:id`). Ids and states only; the page reads the rest through the API.
 */
export type FeedEvent =
  | { readonly type: "job"; readonly data: { readonly jobId: number; readonly status: string } }
  | { readonly type: "runner"; readonly data: { readonly name: string; readonly state: string; readonly jobIds: readonly number[] } }
  | { readonly type: "delivery"; readonly data: { readonly guid: string; readonly result: string; readonly jobId: number | null } }
  | { readonly type: "reconcile"; readonly data: { readonly launched: number; readonly cancelled: number } };

export interface DashboardFeed {
  subscribe(listener: (event: FeedEvent) => void): () => void;
  close(): void;
}

/** A page needs the pools' counts after a pass, not after every one (the timer runs them every second in tests). */
const RECONCILE_EVERY_MS = 2000;

/**
 * Subscribes to the bus once for all open pages and turns its events into feed events; runner
 * events learn their jobs from the ledger, since `runner:ended` names only the runner.
 */
export function createDashboardFeed(deps: { bus: EventBus; ledger: Ledger | null; clock: Clock }): DashboardFeed {
  const listeners = new Set<(event: FeedEvent) => void>();
  const publish = (event: FeedEvent): void => listeners.forEach((listener) => listener(event));
  let lastReconcile = -Infinity;
  const runnerEvent = (name: string, state: string, known: readonly (number | null)[]): void => {
    if (listeners.size === 0) return;
    const send = (ids: readonly (number | null)[]): void => publish({ type: "runner", data: { name, state, jobIds: [...new Set(ids.filter((id): id is number => id !== null))] } });
    if (deps.ledger === null) return send(known);
    deps.ledger.getRunner(name).then((runner) => send([...known, runner?.forJobId ?? null, runner?.tookJobId ?? null]), () => send(known));
  };
  const offs = [
    deps.bus.on("job:updated", (event) => publish({ type: "job", data: { jobId: event.jobId, status: event.status } })),
    deps.bus.on("delivery:received", (event) => publish({ type: "delivery", data: { guid: event.guid, result: event.result, jobId: event.jobId } })),
    deps.bus.on("runner:planned", (event) => runnerEvent(event.name, "planned", [event.forJobId])),
    deps.bus.on("runner:launched", (event) => runnerEvent(event.name, "launched", [event.forJobId])),
    deps.bus.on("runner:busy", (event) => runnerEvent(event.name, "busy", [event.jobId])),
    deps.bus.on("runner:ended", (event) => runnerEvent(event.name, event.state, [])),
    deps.bus.on("runner:failed", (event) => runnerEvent(event.name, "failed", [])),
    deps.bus.on("reconcile:pass", (event) => {
      if (listeners.size === 0 || (event.launched === 0 && event.cancelled === 0 && deps.clock.now() - lastReconcile < RECONCILE_EVERY_MS)) return;
      lastReconcile = deps.clock.now();
      publish({ type: "reconcile", data: { launched: event.launched, cancelled: event.cancelled } });
    }),
  ];
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => offs.forEach((off) => off()),
  };
}
