import { isOffloadError } from "../../errors/offload-error.js";
import { computeBackoffDelay } from "../backoff.js";
import { isTerminalComputeState, type ComputeState, type LogLine } from "../provider.js";
import { HfApiError } from "./hf-api-error.js";
import type { HfJobsContext } from "./hf-jobs-context.js";
import { inspectHfJob } from "./inspect-hf-job.js";
import { readSseData, type ReadSseOptions } from "./read-sse-lines.js";

/** Reconnections in a row that bring nothing new before a follow gives up (huggingface_hub: 5). */
const MAX_EMPTY_RECONNECTS = 5;
/** huggingface_hub waits 1 s, growing to 10 s, between log reconnections. */
const RECONNECT_BACKOFF = { baseMs: 1_000, maxMs: 10_000, factor: 2, jitter: 0, maxRetries: MAX_EMPTY_RECONNECTS, maxRetryAfterMs: 0 };

/**
 * The job's log lines from HF's SSE endpoint. HF replays the whole history on each connection, so
 * a follow that reconnects skips the events it has already seen by position. The stream may not
 * close when the job ends (reference/hf-jobs-api.md §6), so a follow checks the job's stage after
 * each connection and whenever the open stream has gone quiet (`logQuietMs`), and stops once the
 * job has ended: `offload logs` and the job page end with the job, not never.
 */
export async function* streamHfLogs(context: HfJobsContext, id: string, options: { follow: boolean; signal?: AbortSignal }): AsyncGenerator<LogLine> {
  let seen = 0;
  let emptyReconnects = 0;
  let ended = false;
  const quiet = {
    ms: context.logQuietMs,
    shouldStop: async (): Promise<boolean> => {
      const state = await currentState(context, id);
      ended = state !== null && isTerminalComputeState(state);
      return ended;
    },
  };
  for (;;) {
    let position = 0;
    let fresh = 0;
    try {
      const request = { method: "GET", url: context.jobsUrl(id, "logs"), accept: "text/event-stream", timeoutMs: 0 } as const;
      const response = await context.sendOnce("logs", options.signal === undefined ? request : { ...request, signal: options.signal });
      if (response.body === null) return;
      const read: ReadSseOptions = {
        idleMs: options.follow ? context.logFollowIdleMs : context.logIdleMs,
        clock: context.clock,
        ...(options.signal ? { signal: options.signal } : {}),
        // Without follow, no new line for `logIdleMs` means the history is drained, even while
        // keep-alive comments still arrive.
        quiet: options.follow ? quiet : { ms: context.logIdleMs, shouldStop: async () => true },
      };
      for await (const data of readSseData(response.body, read)) {
        const line = parseLogEvent(data);
        if (line === null) continue;
        position += 1;
        if (position <= seen) continue;
        seen = position;
        fresh += 1;
        // huggingface_hub drops the platform's banner; it is not the job's output.
        if (!line.text.startsWith("===== Job started")) yield line;
      }
    } catch (error) {
      if (options.signal?.aborted === true) return;
      if (error instanceof HfApiError && error.status === 404) return;
      if (error instanceof HfApiError && (error.status === 401 || error.status === 403)) throw context.toOffloadError(error, "logs");
      if (!options.follow) throw context.toOffloadError(error, "logs");
      context.log.debug({ computeId: id, status: error instanceof HfApiError ? error.status : null }, "HF log stream broke");
    }
    if (!options.follow || ended || options.signal?.aborted === true) return;
    const state = await currentState(context, id);
    if (state !== null && isTerminalComputeState(state)) return;
    // A job still being scheduled has no output yet: waiting for it is not a failed reconnection.
    if (state !== "starting") emptyReconnects = fresh > 0 ? 0 : emptyReconnects + 1;
    if (emptyReconnects > MAX_EMPTY_RECONNECTS) {
      context.log.warn({ computeId: id }, "HF log stream gave nothing new; stopped following");
      return;
    }
    try {
      const attempt = state === "starting" ? MAX_EMPTY_RECONNECTS : Math.max(1, emptyReconnects);
      await context.clock.sleep(computeBackoffDelay(attempt, RECONNECT_BACKOFF, 0), options.signal);
    } catch {
      return;
    }
  }
}

/** The job's state, or null when HF cannot say right now (the follow then tries again). */
async function currentState(context: HfJobsContext, id: string): Promise<ComputeState | null> {
  try {
    return (await inspectHfJob(context, id)).state;
  } catch (error) {
    if (isOffloadError(error)) return null;
    throw error;
  }
}

/** One event's JSON `{"data": <line>, "timestamp": <ISO>}`; anything else is skipped. */
function parseLogEvent(data: string): LogLine | null {
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed !== "object" || parsed === null) return null;
    const record = parsed as Record<string, unknown>;
    if (typeof record["data"] !== "string") return null;
    return { at: typeof record["timestamp"] === "string" ? record["timestamp"] : "", text: record["data"] };
  } catch {
    return null;
  }
}
