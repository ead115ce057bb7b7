import type { Clock } from "../../clock/clock.js";

/** Stop reading when the stream has been quiet this long and `shouldStop` says the job is over. */
export interface QuietCheck {
  /** No `data:` line for this long (keep-alive comments do not count) triggers a check. */
  readonly ms: number;
  readonly shouldStop: () => Promise<boolean>;
}

export interface ReadSseOptions {
  /** Nothing at all (not even a `: keep-alive`) for this long ends the read, like huggingface_hub's read timeout. */
  readonly idleMs: number;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  readonly quiet?: QuietCheck;
}

type ReadResult = Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>["read"]>>;
type Outcome = { kind: "chunk"; result: ReadResult } | { kind: "idle" } | { kind: "quiet" };

/**
 * The payload of every `data:` line of an event-stream body, one line at a time. HF's log stream
 * is one `data: {…}` line after another with no blank line between them (reference/hf-jobs-api.md
 * §6), which a spec-following SSE parser would join into one event (and never dispatch the last
 * one); huggingface_hub likewise reads it line by line. Standard framing (blank-line separated
 * events, `event:`/`id:` fields, `: comments`, CRLF or CR line ends) reads the same way, since each
 * of HF's events is a single-line JSON object.
 *
 * Ends when the body ends, `signal` aborts, nothing arrives for `idleMs`, or the `quiet` check
 * says to stop: HF may keep the stream open after the job ends (§6).
 */
export async function* readSseData(body: ReadableStream<Uint8Array>, options: ReadSseOptions): AsyncGenerator<string> {
  const { clock, quiet } = options;
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let pending: Promise<ReadResult> | null = null;
  // Each timer runs until the event that restarts it: any bytes for `idle`, a data line or a check for `quiet`.
  let idle = startTimer(clock, options.idleMs, { kind: "idle" });
  let silence = quiet === undefined ? null : startTimer(clock, quiet.ms, { kind: "quiet" });
  try {
    for (;;) {
      pending ??= reader.read();
      const waits: Promise<Outcome>[] = [pending.then((result) => ({ kind: "chunk", result }) as const), idle.fired];
      if (silence !== null) waits.push(silence.fired);
      const outcome = await Promise.race(waits);
      if (outcome.kind === "idle") return;
      if (outcome.kind === "quiet") {
        if (await quiet?.shouldStop()) return;
        silence = startTimer(clock, quiet?.ms ?? 0, { kind: "quiet" });
        continue;
      }
      pending = null;
      idle.stop();
      idle = startTimer(clock, options.idleMs, { kind: "idle" });
      const { result } = outcome;
      buffer += result.done ? decoder.decode() : decoder.decode(result.value, { stream: true });
      const { lines, rest } = splitLines(buffer, result.done);
      buffer = rest;
      for (const line of lines) {
        const data = dataOf(line);
        if (data === null) continue;
        if (silence !== null && quiet !== undefined) {
          silence.stop();
          silence = startTimer(clock, quiet.ms, { kind: "quiet" });
        }
        yield data;
      }
      if (result.done || options.signal?.aborted === true) return;
    }
  } finally {
    idle.stop();
    silence?.stop();
    await reader.cancel().catch(() => undefined);
  }
}

interface Timer {
  /** Resolves with the timer's outcome when it fires; never, once stopped. */
  readonly fired: Promise<Outcome>;
  stop(): void;
}

function startTimer(clock: Clock, ms: number, value: Outcome): Timer {
  const controller = new AbortController();
  const fired = clock.sleep(ms, controller.signal).then(
    () => value,
    () => new Promise<Outcome>(() => undefined),
  );
  return { fired, stop: () => controller.abort() };
}

/** Complete lines (LF, CRLF or CR ends); a trailing CR waits for the next chunk unless the body is over. */
export function splitLines(buffer: string, done: boolean): { lines: string[]; rest: string } {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < buffer.length; i += 1) {
    const char = buffer[i];
    if (char !== "\n" && char !== "\r") continue;
    if (char === "\r" && i === buffer.length - 1 && !done) break;
    lines.push(buffer.slice(start, i));
    if (char === "\r" && buffer[i + 1] === "\n") i += 1;
    start = i + 1;
  }
  const rest = buffer.slice(start);
  if (done && rest !== "") return { lines: [...lines, rest], rest: "" };
  return { lines, rest };
}

/** The value of a `data:` line (one leading space dropped, as SSE says), or null for any other line. */
function dataOf(line: string): string | null {
  if (!line.startsWith("data:")) return null;
  const value = line.slice("data:".length);
  return value.startsWith(" ") ? value.slice(1) : value;
}
