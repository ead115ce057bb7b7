import { describe, expect, it } from "vitest";
import { CLOSED, describeOpenCircuit, isOpen, recordFailure, recordSuccess, type Circuit } from "../../src/reconciler/circuit-breaker.js";

const fail = (circuit: Circuit, times: number, now = 0): Circuit => {
  let next = circuit;
  for (let i = 0; i < times; i++) next = recordFailure(next, `HF Jobs create failed with 503 (${i + 1})`, now);
  return next;
};

describe("circuit breaker", () => {
  it("stays closed through four failures in a row and opens on the fifth, for 30 s", () => {
    expect(isOpen(fail(CLOSED, 4), 0)).toBe(false);
    const open = fail(CLOSED, 5);
    expect(isOpen(open, 29_999)).toBe(true);
    expect(isOpen(open, 30_000)).toBe(false);
    expect(describeOpenCircuit(open, 0)).toBe("circuit open after 5 failures in a row (last: HF Jobs create failed with 503 (5)); next try in 30 s");
  });

  it("waits twice as long each time it opens again, up to five minutes", () => {
    let circuit = CLOSED;
    const waits: number[] = [];
    for (let round = 0; round < 6; round++) {
      circuit = fail(circuit, 5, 0);
      waits.push(circuit.openUntil ?? 0);
    }
    expect(waits).toEqual([30_000, 60_000, 120_000, 240_000, 300_000, 300_000]);
  });

  it("closes and forgets its history on one success", () => {
    expect(recordSuccess(fail(CLOSED, 9))).toEqual(CLOSED);
  });
});
