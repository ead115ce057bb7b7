import type { Clock } from "../../clock/clock.js";
import type { Executor } from "./run-sim-job.js";
import type { SimJobRecord } from "./sim-job.js";

/**
 * How the simulator answers a cancel of a finished job: 200 with the job unchanged, or one of the
 * statuses offload reads as "already over" (400, 409, 422) or "gone" (404).
 */
export type CancelFinishedStatus = 200 | 400 | 404 | 409 | 422;

/** Everything the simulator's routes share. */
export interface SimState {
  readonly namespace: string;
  readonly token: string;
  readonly clock: Clock;
  readonly executor: Executor;
  readonly schedulingDelayMs: number;
  readonly pageSize: number;
  readonly keepAliveMs: number;
  /** Between two `event: metric` events of a running job (reference §7: one per second). */
  readonly metricsIntervalMs: number;
  /** Keep a job's log stream open after it ends, as HF may (reference §6); default: end it. */
  readonly keepLogStreamOpen: boolean;
  /** Log events as HF frames them, no blank line between (reference §6), or standard SSE. */
  readonly hfLogFraming: boolean;
  /** The answer to cancelling a job that has already ended (reference §13: unverified). */
  readonly cancelFinishedStatus: CancelFinishedStatus;
  /** Insertion order is creation order. */
  readonly jobs: Map<string, SimJobRecord>;
  readonly newId: () => string;
  /** Closers of open log streams, run when the simulator closes. */
  readonly streams: Set<() => void>;
  /** Base URL, known once listening; used in Link headers. */
  url: string;
}

/** A 24-hex-digit id like HF's, from a seeded generator so runs can be repeated. */
export function createIdGenerator(seed: number): () => string {
  let state = seed >>> 0;
  const next = (): number => {
    // mulberry32: tiny, good enough to make distinct ids, and repeatable per seed.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Array.from({ length: 24 }, () => Math.floor(next() * 16).toString(16)).join("");
}
