import { answerError, type SimAnswer } from "./route-table.js";

/** Which REST calls a planned failure applies to. */
export interface FaultMatch {
  method?: string;
  path: RegExp;
  /**
   * When true the call takes effect first and only its answer is replaced, like a 502 from
   * GitHub's edge after the runner was created (github-protocol.md §9, item 9: the 409 path).
   */
  afterEffect?: boolean;
}

/** Planned failures of REST calls, consumed in order. */
export interface RestFaults {
  failNext(match: FaultMatch, status: number, count?: number): void;
  /** The status to answer instead, if a planned failure matches this call at this phase. */
  take(method: string, path: string, phase: "before" | "after"): number | undefined;
}

export function createRestFaults(): RestFaults {
  const planned: { match: FaultMatch; status: number; remaining: number }[] = [];
  return {
    failNext(match, status, count = 1) {
      planned.push({ match, status, remaining: count });
    },
    take(method, path, phase) {
      const found = planned.find(
        ({ match, remaining }) =>
          remaining > 0 &&
          (match.method === undefined || match.method.toUpperCase() === method.toUpperCase()) &&
          (match.afterEffect === true ? "after" : "before") === phase &&
          testPath(match.path, path),
      );
      if (found === undefined) return undefined;
      found.remaining -= 1;
      if (found.remaining === 0) planned.splice(planned.indexOf(found), 1);
      return found.status;
    },
  };
}

/** The body and headers GitHub sends with such a status. */
export function answerFault(status: number): SimAnswer {
  if (status === 429 || status === 403) {
    return answerError(status, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", {
      "retry-after": "1",
    });
  }
  if (status >= 500) return answerError(status, status === 503 ? "Service Unavailable" : "Server Error");
  return answerError(status, status === 401 ? "Bad credentials" : status === 404 ? "Not Found" : "Injected failure");
}

function testPath(pattern: RegExp, path: string): boolean {
  // A global or sticky regex keeps state between calls; a fresh copy tests each path on its own.
  return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, "")).test(path);
}
