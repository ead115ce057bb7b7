import { EventEmitter } from "node:events";
import type { RunnerState } from "../domain/runner-states.js";

/**
 * The observable surface: metrics, the dashboard's live updates and tests subscribe here;
 * nothing scrapes logs. Payloads carry ids and reasons, never a secret.
 */
export interface OffloadEvents {
  "delivery:received": { guid: string; event: string; action: string | null; result: string; reason: string; jobId: number | null };
  "job:updated": { jobId: number; status: string; reason: string };
  "runner:planned": { name: string; poolKey: string; forJobId: number | null };
  "runner:launched": { name: string; poolKey: string; computeId: string; forJobId: number | null };
  "runner:busy": { name: string; jobId: number | null };
  "runner:ended": { name: string; state: Extract<RunnerState, "finished" | "cancelled" | "failed">; reason: string };
  "runner:failed": { name: string; poolKey: string; reason: string };
  /** New queued demand from a webhook; `arrivedAt` is when its request reached us (performance.now() ms). */
  "demand:recorded": { jobId: number; poolKey: string; arrivedAt: number };
  /** A launch got its JIT config and asks the provider for compute now (`at`: performance.now() ms). */
  "runner:requesting": { name: string; forJobId: number | null; githubMs: number; at: number };
  "reconcile:pass": { durationMs: number; launched: number; cancelled: number; trigger: string };
  /** A SQLite commit: how long it took and how many writes shared it. */
  "ledger:commit": { durationMs: number; writes: number };
  /** This replica became, or stopped being, the one that polls, sweeps and redelivers. */
  "leader:changed": { leader: boolean; holder: string };
  /** One call to a compute provider (launch, inspect, cancel, list), for metrics. */
  "provider:call": { provider: string; op: string; ok: boolean; durationMs: number };
}

export type OffloadEventName = keyof OffloadEvents;

/** A typed wrapper around EventEmitter; listeners that throw never break the emitter's caller. */
export class EventBus {
  readonly #emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  emit<K extends OffloadEventName>(name: K, payload: OffloadEvents[K]): void {
    for (const listener of this.#emitter.listeners(name)) {
      try {
        (listener as (p: OffloadEvents[K]) => void)(payload);
      } catch {
        // A faulty subscriber (a closed SSE stream, say) must not stop dispatch.
      }
    }
  }

  on<K extends OffloadEventName>(name: K, listener: (payload: OffloadEvents[K]) => void): () => void {
    this.#emitter.on(name, listener);
    return () => this.#emitter.off(name, listener);
  }

  /** Resolves with the first payload of `name` that satisfies `match`. */
  waitFor<K extends OffloadEventName>(name: K, match: (payload: OffloadEvents[K]) => boolean = () => true, signal?: AbortSignal): Promise<OffloadEvents[K]> {
    return new Promise((resolve, reject) => {
      const off = this.on(name, (payload) => {
        if (!match(payload)) return;
        off();
        resolve(payload);
      });
      signal?.addEventListener("abort", () => {
        off();
        reject(signal.reason);
      }, { once: true });
    });
  }
}
