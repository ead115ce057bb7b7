import { ERRORS, type ErrorCode } from "./catalog.js";

/**
 * Every error offload raises on purpose: a stable `code` to branch on, a message in the form
 * `<what failed> '<value>' in <where>: <expected>`, and a remedy a person can act on.
 */
export class OffloadError extends Error {
  readonly code: ErrorCode;
  readonly remedy: string;
  readonly status: number;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; remedy?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "OffloadError";
    this.code = code;
    this.remedy = options?.remedy ?? ERRORS[code].remedy;
    this.status = ERRORS[code].status;
  }

  /** What an HTTP answer or a log line may show: never the cause's internals. */
  toJSON(): { code: ErrorCode; message: string; remedy: string } {
    return { code: this.code, message: this.message, remedy: this.remedy };
  }
}

export function isOffloadError(error: unknown, code?: ErrorCode): error is OffloadError {
  return error instanceof OffloadError && (code === undefined || error.code === code);
}
