import { EventEmitter } from "node:events";

export interface PodLogLine {
  readonly at: string;
  readonly text: string;
}

/** One container's output as the kubelet keeps it: lines so far, and whether the container ended. */
export class PodLog extends EventEmitter<{ line: [PodLogLine]; end: [] }> {
  readonly lines: PodLogLine[] = [];
  ended = false;

  append(line: PodLogLine): void {
    this.lines.push(line);
    this.emit("line", line);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.emit("end");
  }
}
