/**
 * One upstream's circuit (a provider, or one GitHub installation): after `threshold` failures in
 * a row it opens and nothing is sent there until `openUntil`; the first call after that is a
 * probe, and a success closes it. Pure state, so the policy is tested by tables.
 */
export interface Circuit {
  readonly failures: number;
  readonly openUntil: number | null;
  readonly lastError: string | null;
  /** How many times in a row it opened: each reopening waits twice as long, up to five minutes. */
  readonly openings: number;
}

export const CLOSED: Circuit = { failures: 0, openUntil: null, lastError: null, openings: 0 };
const THRESHOLD = 5;
const BASE_OPEN_MS = 30_000;
const MAX_OPEN_MS = 300_000;

export function recordSuccess(_circuit: Circuit): Circuit {
  return CLOSED;
}

export function recordFailure(circuit: Circuit, error: string, now: number): Circuit {
  const failures = circuit.failures + 1;
  if (failures < THRESHOLD) return { ...circuit, failures, lastError: error };
  const openMs = Math.min(MAX_OPEN_MS, BASE_OPEN_MS * 2 ** circuit.openings);
  return { failures: 0, openUntil: now + openMs, lastError: error, openings: circuit.openings + 1 };
}

export function isOpen(circuit: Circuit | undefined, now: number): boolean {
  return circuit?.openUntil != null && circuit.openUntil > now;
}

/** What /readyz and a held job show: `circuit open after 5 failures in a row (last: …); next try in 30 s`. */
export function describeOpenCircuit(circuit: Circuit, now: number): string {
  const seconds = Math.ceil(((circuit.openUntil ?? now) - now) / 1000);
  return `circuit open after ${THRESHOLD} failures in a row (last: ${circuit.lastError ?? "unknown"}); next try in ${seconds} s`;
}
