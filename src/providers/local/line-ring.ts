import type { LogLine } from "../provider.js";

/** A numbered line; numbers keep growing as old lines fall out, so a reader can resume. */
export interface NumberedLine extends LogLine {
  readonly seq: number;
}

/** The last `capacity` lines of a process's output. */
export interface LineRing {
  push(line: LogLine): void;
  /** Lines numbered `seq` or later still held, oldest first. */
  since(seq: number): NumberedLine[];
}

export function createLineRing(capacity: number): LineRing {
  const lines: NumberedLine[] = [];
  let nextSeq = 0;
  return {
    push(line) {
      lines.push({ ...line, seq: nextSeq });
      nextSeq += 1;
      if (lines.length > capacity) lines.shift();
    },
    since(seq) {
      const first = lines[0];
      if (first === undefined) return [];
      return lines.slice(Math.max(0, seq - first.seq));
    },
  };
}
