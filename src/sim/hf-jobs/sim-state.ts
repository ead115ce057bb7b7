import type { Clock } from "../../clock/clock.js";
import type { Executor } from "./run-sim-job.js";
import type { SimJobRecord } from "./sim-job.js";

/** Everything the simulator's routes share. */
export interface SimState {
  readonly namespace: string;
  readonly token: string;
  readonly clock: Clock;
  readonly executor: Executor;
  readonly schedulingDelayMs: number;
  readonly pageSize: number;
  readonly keepAliveMs: number;
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
