import { Writable } from "node:stream";
import pino, { type Logger } from "pino";

/** A pino logger at trace level whose output the test can read back (to look for leaked secrets). */
export function createCapturedLogger(): { log: Logger; text: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString("utf8"));
      done();
    },
  });
  return { log: pino({ level: "trace" }, sink), text: () => chunks.join("") };
}

/** Polls `probe` until it returns a value other than undefined, failing after `timeoutMs`. */
export async function pollUntil<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Reads an async iterable to its end, or until `stop` says so. */
export async function collect<T>(iterable: AsyncIterable<T> | Iterable<T>, stop: (item: T) => boolean = () => false): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) {
    items.push(item);
    if (stop(item)) break;
  }
  return items;
}
