import type { LogLine } from "../provider.js";
import type { LocalMachine } from "./start-local-machine.js";

/** The machine's buffered lines, then (with `follow`) new ones until it ends or `signal` aborts. */
export async function* followLocalOutput(machine: LocalMachine, options: { follow: boolean; signal?: AbortSignal }): AsyncGenerator<LogLine> {
  let next = 0;
  for (;;) {
    // Taken before reading, so a line pushed between the read and the wait still wakes us.
    const change = machine.nextChange();
    const finished = machine.finished();
    const lines = machine.output.since(next);
    for (const line of lines) {
      next = line.seq + 1;
      yield { at: line.at, text: line.text };
    }
    if (lines.length > 0) continue;
    if (!options.follow || finished || options.signal?.aborted === true) return;
    if (!(await waitOrAbort(change, options.signal))) return;
  }
}

async function waitOrAbort(change: Promise<void>, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal === undefined) {
    await change;
    return true;
  }
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<false>((resolve) => {
    onAbort = () => resolve(false);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([change.then(() => true), aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
