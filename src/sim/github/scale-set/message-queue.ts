import type { JobMessage } from "../../../github/actions-service/actions-service-schemas.js";

/** One message as the service hands it out: a batch of job messages under one id. */
export interface QueuedMessage {
  readonly id: number;
  readonly jobs: readonly JobMessage[];
}

/**
 * A scale set's message queue. Job messages wait in `pending` until a poll batches them into a
 * message; a message stays until it is deleted (acknowledged), and a poll whose `lastMessageId`
 * is below it gets it again: "Unless a message is deleted after being processed (using
 * DeleteMessage), it will be returned again in subsequent calls" (actions/scaleset
 * session_client.go l.91-92 @ 6ce0259). A new session (after a crash) starts at 0 and so receives
 * every unacknowledged message once more.
 */
export interface MessageQueue {
  push(message: JobMessage): void;
  /** The next message after `lastMessageId`, waiting up to `timeoutMs`; null means "nothing now" (HTTP 202). */
  next(lastMessageId: number, timeoutMs: number, signal: AbortSignal): Promise<QueuedMessage | null>;
  /** Acknowledges a message; false when it is not (or no longer) queued. */
  remove(messageId: number): boolean;
  /** Messages handed out and not yet acknowledged. */
  unacknowledged(): number;
  /** Wakes every waiting poll (it answers 202 or the service's error). */
  wakeAll(): void;
}

/* A response carries at most 50 job messages (peers.md §11, from ARC's listener notes). */
const MAX_BATCH = 50;

export function createMessageQueue(): MessageQueue {
  const pending: JobMessage[] = [];
  const sent: QueuedMessage[] = [];
  const waiters = new Set<() => void>();
  let nextId = 1;

  const take = (lastMessageId: number): QueuedMessage | null => {
    const again = sent.find((message) => message.id > lastMessageId);
    if (again !== undefined) return again;
    if (pending.length === 0) return null;
    const message: QueuedMessage = { id: nextId++, jobs: pending.splice(0, MAX_BATCH) };
    sent.push(message);
    return message;
  };

  return {
    push(message) {
      pending.push(message);
      for (const wake of [...waiters]) wake();
    },
    next(lastMessageId, timeoutMs, signal) {
      const now = take(lastMessageId);
      if (now !== null || timeoutMs <= 0) return Promise.resolve(now);
      return new Promise((resolve) => {
        const finish = (): void => {
          clearTimeout(timer);
          waiters.delete(wake);
          signal.removeEventListener("abort", finish);
          resolve(signal.aborted ? null : take(lastMessageId));
        };
        const wake = (): void => finish();
        const timer = setTimeout(finish, timeoutMs);
        waiters.add(wake);
        signal.addEventListener("abort", finish, { once: true });
      });
    },
    remove(messageId) {
      const index = sent.findIndex((message) => message.id === messageId);
      if (index < 0) return false;
      sent.splice(index, 1);
      return true;
    },
    unacknowledged: () => sent.length,
    wakeAll() {
      for (const wake of [...waiters]) wake();
    },
  };
}
