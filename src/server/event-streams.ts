import type { FastifyReply } from "fastify";
import { PAGE_SECURITY_HEADERS } from "./send-page.js";

/** One open server-sent-events response. */
export interface EventStream {
  /** Sends `event: <name>` with `data` as one JSON line; does nothing once closed. */
  send(event: string, data: unknown): void;
  /** Aborts when the client goes away or the server closes the stream. */
  readonly signal: AbortSignal;
  close(): void;
}

/** A client that reads slower than we write is dropped past this much buffered output. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * Opens and tracks server-sent-event responses: each gets keep-alive comments (proxies close
 * quiet connections) and is closed on client disconnect, and `closeAll` ends every one so the
 * server can close (an open stream would keep `app.close()` waiting forever).
 */
export class EventStreams {
  readonly #open = new Set<EventStream>();
  readonly #keepAliveMs: number;

  constructor(keepAliveMs: number) {
    this.#keepAliveMs = keepAliveMs;
  }

  get size(): number {
    return this.#open.size;
  }

  open(reply: FastifyReply): EventStream {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...PAGE_SECURITY_HEADERS,
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      "x-accel-buffering": "no",
      connection: "keep-alive",
    });
    const controller = new AbortController();
    const write = (text: string): void => {
      if (raw.writableEnded || raw.destroyed) return;
      if (raw.writableLength > MAX_BUFFERED_BYTES) return stream.close();
      raw.write(text);
    };
    const keepAlive = setInterval(() => write(": keep-alive\n\n"), this.#keepAliveMs);
    const stream: EventStream = {
      signal: controller.signal,
      send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
      close: () => {
        if (!this.#open.delete(stream)) return;
        clearInterval(keepAlive);
        controller.abort();
        if (!raw.writableEnded) raw.end();
      },
    };
    this.#open.add(stream);
    raw.on("close", () => stream.close());
    write("retry: 3000\n\n");
    return stream;
  }

  closeAll(): void {
    for (const stream of [...this.#open]) stream.close();
  }
}
