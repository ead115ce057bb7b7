import { describe, expect, it } from "vitest";
import { computeBackoffDelay, decideRetry, parseRetryAfter, type BackoffPolicy } from "../../src/providers/backoff.js";

const POLICY: BackoffPolicy = { baseMs: 1_000, maxMs: 10_000, factor: 2, jitter: 0.5, maxRetries: 3, maxRetryAfterMs: 30_000 };

describe("backoff", () => {
  it.each([
    [1, 1, 1_000],
    [2, 1, 2_000],
    [3, 1, 4_000],
    [4, 1, 8_000],
    [5, 1, 10_000],
    [30, 1, 10_000],
    [1, 0, 500],
    [3, 0, 2_000],
    [3, 0.5, 3_000],
  ])("waits %i-th retry with random %f for %i ms", (attempt, random, expected) => {
    expect(computeBackoffDelay(attempt, POLICY, random)).toBe(expected);
  });

  it("waits the same each time when jitter is zero", () => {
    expect(computeBackoffDelay(2, { ...POLICY, jitter: 0 }, 0.123)).toBe(2_000);
  });

  it.each([
    [{ attempt: 1, retryable: false, retryAfterMs: null }, { retry: false, reason: "not retryable" }],
    [{ attempt: 4, retryable: true, retryAfterMs: null }, { retry: false, reason: "gave up after 3 retries" }],
    [{ attempt: 1, retryable: true, retryAfterMs: null }, { retry: true, delayMs: 1_000 }],
    [{ attempt: 1, retryable: true, retryAfterMs: 7_000 }, { retry: true, delayMs: 7_000 }],
    [{ attempt: 3, retryable: true, retryAfterMs: 100 }, { retry: true, delayMs: 4_000 }],
    [{ attempt: 1, retryable: true, retryAfterMs: 60_000 }, { retry: false, reason: "server asked to wait 60 s" }],
  ])("decides %j → %j", (input, expected) => {
    expect(decideRetry({ ...input, policy: POLICY, random: 1 })).toEqual(expected);
  });

  it.each([
    [null, null],
    ["", null],
    ["7", 7_000],
    [" 0 ", 0],
    ["soon", null],
    ["Thu, 01 Jan 2026 00:00:30 GMT", 30_000],
    ["Wed, 31 Dec 2025 23:59:00 GMT", 0],
  ])("reads Retry-After %j as %j ms", (value, expected) => {
    expect(parseRetryAfter(value, Date.UTC(2026, 0, 1))).toBe(expected);
  });
});
