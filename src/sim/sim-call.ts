/** One request a simulator answered, as its `calls` list shows it. */
export interface SimCall {
  readonly method: string;
  /** Without the query string. */
  readonly path: string;
  readonly status: number;
  /** The simulator clock's time of the answer. */
  readonly at: number;
  /** When the request arrived and when its answer was ready, in high-resolution epoch ms (benchmarks). */
  readonly receivedAt: number;
  readonly answeredAt: number;
  /** The runner the call is about (a `generate-jitconfig` name, an HF job's OFFLOAD_RUNNER_NAME); null otherwise. */
  readonly subject: string | null;
}

/** Epoch milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}
