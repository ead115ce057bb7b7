/**
 * What went wrong in one HF Jobs HTTP call, kept as the `cause` of the `OffloadError` a caller
 * sees, so code can branch on `status` (404: gone, 401: bad token) without reading messages.
 */
export class HfApiError extends Error {
  /** HTTP status, or null when no answer arrived (network error, timeout). */
  readonly status: number | null;
  /** Our name for the call (`create`, `inspect`, `cancel`, `list`, `logs`). */
  readonly op: string;
  /** The server's Retry-After, in milliseconds, when it sent one. */
  readonly retryAfterMs: number | null;

  constructor(op: string, status: number | null, message: string, options?: { retryAfterMs?: number | null; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "HfApiError";
    this.op = op;
    this.status = status;
    this.retryAfterMs = options?.retryAfterMs ?? null;
  }
}

/** The HTTP status behind an error from the HF Jobs provider (searching its causes), or null. */
export function hfStatusOf(error: unknown): number | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (current instanceof HfApiError) return current.status;
    current = current.cause;
  }
  return null;
}
