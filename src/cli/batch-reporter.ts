import type { BatchEvent } from "../batch/batch-progress.js";
import { formatDuration } from "../batch/parse-duration.js";
import type { TerminalStyle } from "./terminal-style.js";

/** Shows a batch's progress: a live area redrawn in place on a terminal, plain lines in a pipe. */
export interface BatchReporter {
  note(line: string): void;
  event(event: BatchEvent | { type: "run-found"; runId: number }): void;
  stop(): void;
}

interface Running {
  readonly job: string;
  readonly step: string;
  readonly since: number;
}

/**
 * On a terminal, finished steps and jobs print as permanent lines and the bottom line shows what
 * is running now with its elapsed time (redrawn each second); in a pipe every change is one
 * line with a time stamp, so a log file reads in order. A fan-out prints members, not each
 * member's steps, and a count of queued / running / done.
 */
export function createBatchReporter(out: NodeJS.WriteStream, style: TerminalStyle, options: { fanOut: boolean; now: () => number }): BatchReporter {
  const live = out.isTTY === true;
  const running = new Map<string, Running>();
  const members = new Map<string, string>();
  let status = "submitted";
  let drawn = false;
  const clear = (): void => {
    if (live && drawn) out.write("\r\u001b[2K");
    drawn = false;
  };
  const draw = (): void => {
    if (!live) return;
    clear();
    const now = options.now();
    const parts = options.fanOut
      ? [`${count("queued")} queued`, `${count("in_progress")} running`, `${count("completed")} done`]
      : [...running.values()].map((entry) => `▸ ${entry.step} ${formatDuration(now - entry.since)}`);
    out.write(style.dim(`${status}${parts.length === 0 ? "" : "  "}${parts.join("  ")}`));
    drawn = true;
  };
  const count = (state: string): number => [...members.values()].filter((value) => value === state).length;
  const line = (text: string): void => {
    clear();
    out.write(`${live ? "" : `${new Date(options.now()).toISOString().slice(11, 19)} `}${text}\n`);
    draw();
  };
  const timer = live ? setInterval(draw, 1000) : undefined;
  timer?.unref();
  const mark = (conclusion: string | null): string =>
    conclusion === "success" ? style.green("✓") : conclusion === "skipped" ? style.dim("-") : conclusion === "cancelled" ? style.yellow("■") : style.red("✗");

  return {
    note: line,
    event(event) {
      if (event.type === "run-found") return line(`run ${event.runId} started by the push`);
      if (event.type === "run-status") {
        status = event.status.replace("_", " ");
        return line(status);
      }
      if (event.type === "job-status") {
        members.set(event.job, event.status);
        if (event.status === "completed") return line(`${mark(event.conclusion)} ${event.job} ${event.conclusion ?? ""}`.trimEnd());
        if (!options.fanOut) return event.status === "queued" ? undefined : line(`${event.job} ${event.status.replace("_", " ")}`);
        return draw();
      }
      const key = `${event.job}#${event.step.number}`;
      if (event.type === "step-started") {
        running.set(key, { job: event.job, step: event.step.name, since: Date.parse(event.step.startedAt ?? "") || options.now() });
        if (!options.fanOut && !live) line(`  ▸ ${event.step.name}`);
        return draw();
      }
      running.delete(key);
      if (options.fanOut) return draw();
      const took = event.durationMs === null ? "" : ` ${formatDuration(event.durationMs)}`;
      const how = event.step.conclusion === "success" ? "" : ` (${event.step.conclusion ?? "unknown"})`;
      return line(`  ${mark(event.step.conclusion)} ${event.step.name}${took}${how}`);
    },
    stop() {
      if (timer !== undefined) clearInterval(timer);
      clear();
    },
  };
}
