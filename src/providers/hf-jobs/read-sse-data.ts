import { createParser } from "eventsource-parser";
import type { Clock } from "../../clock/clock.js";

const IDLE: unique symbol = Symbol("idle");

/**
 * The `data` of each event of an SSE body, until the body ends, `signal` aborts, or nothing at all
 * (not even a `: keep-alive` comment) arrives for `idleMs`. The idle limit is on bytes, like
 * huggingface_hub's read timeout, so keep-alives keep a quiet stream open.
 */
export async function* readSseData(body: ReadableStream<Uint8Array>, options: { idleMs: number; clock: Clock; signal?: AbortSignal }): AsyncGenerator<string> {
  const queue: string[] = [];
  const parser = createParser({ onEvent: (event) => queue.push(event.data) });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const timer = new AbortController();
      const idle: Promise<typeof IDLE | null> = options.clock.sleep(options.idleMs, timer.signal).then(
        () => IDLE,
        () => null,
      );
      const chunk = await Promise.race([reader.read(), idle]).finally(() => timer.abort());
      if (chunk === IDLE || chunk === null || chunk.done) return;
      parser.feed(decoder.decode(chunk.value, { stream: true }));
      while (queue.length > 0) {
        const data = queue.shift();
        if (data !== undefined) yield data;
      }
      if (options.signal?.aborted === true) return;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
