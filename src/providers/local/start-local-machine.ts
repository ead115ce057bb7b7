import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import type { Logger } from "pino";
import type { ComputeState, ComputeStatus } from "../provider.js";
import { createLineRing, type LineRing } from "./line-ring.js";

/** setTimeout's ceiling (about 24.8 days); longer limits fire early instead of at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** One child process standing in for a machine. */
export interface LocalMachine {
  readonly id: string;
  readonly runnerName: string;
  readonly output: LineRing;
  status(): ComputeStatus;
  finished(): boolean;
  /** Resolves at the next output line or when the machine finishes. */
  nextChange(): Promise<void>;
  /** Resolves when the process has exited and its output is read. */
  readonly done: Promise<void>;
  /** Stops the whole process group: SIGTERM, then SIGKILL after the grace period. */
  stop(why: "cancel" | "timeout"): Promise<void>;
}

export interface LocalMachineOptions {
  readonly id: string;
  readonly runnerName: string;
  readonly command: readonly string[];
  readonly env: Record<string, string>;
  readonly cwd: string | undefined;
  readonly timeoutSeconds: number;
  readonly killGraceMs: number;
  readonly outputLines: number;
  readonly now: () => string;
  readonly log: Logger;
}

/** Spawns the command in its own process group and resolves once it is running (rejects if it cannot start). */
export async function startLocalMachine(options: LocalMachineOptions): Promise<LocalMachine> {
  const [file, ...args] = options.command;
  if (file === undefined) throw new Error("empty command");
  // detached: the child leads a new process group, so stop() reaches everything it started.
  const child = spawn(file, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
  return trackMachine(child, options);
}

function trackMachine(child: ChildProcess, options: LocalMachineOptions): LocalMachine {
  const output = createLineRing(options.outputLines);
  const startedAt = options.now();
  let state: ComputeState = "running";
  let message: string | null = null;
  let finishedAt: string | null = null;
  let stopReason: "cancel" | "timeout" | null = null;
  let wake: () => void = () => undefined;
  let change = new Promise<void>((resolve) => (wake = resolve));
  const notify = (): void => {
    const resolve = wake;
    change = new Promise<void>((r) => (wake = r));
    resolve();
  };
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue;
    createInterface({ input: stream, crlfDelay: Infinity }).on("line", (text) => {
      output.push({ at: options.now(), text });
      notify();
    });
  }
  const killGroup = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // ESRCH: the group is already gone.
    }
  };
  let graceTimer: NodeJS.Timeout | undefined;
  const timeoutTimer = setTimeout(() => void machine.stop("timeout"), Math.min(MAX_TIMER_MS, Math.max(1, options.timeoutSeconds * 1000)));
  let exit: { code: number | null; signal: NodeJS.Signals | null } = { code: null, signal: null };
  child.once("exit", (code, signal) => {
    exit = { code, signal };
    // The machine ends with its main process, like a container: leftovers in its group go too.
    killGroup("SIGKILL");
  });
  const done = new Promise<void>((resolve) => {
    child.once("close", () => {
      clearTimeout(timeoutTimer);
      clearTimeout(graceTimer);
      ({ state, message } = describeEnd(stopReason, exit, options.timeoutSeconds));
      finishedAt = options.now();
      options.log.info({ computeId: options.id, state, message }, "local machine ended");
      notify();
      resolve();
    });
  });
  const machine: LocalMachine = {
    id: options.id,
    runnerName: options.runnerName,
    output,
    done,
    finished: () => finishedAt !== null,
    nextChange: () => change,
    status: () => ({ id: options.id, runnerName: options.runnerName, state, message, startedAt, finishedAt }),
    async stop(why) {
      if (finishedAt !== null) return;
      if (stopReason === null) {
        stopReason = why;
        killGroup("SIGTERM");
        graceTimer = setTimeout(() => killGroup("SIGKILL"), options.killGraceMs);
      }
      await done;
    },
  };
  return machine;
}

function describeEnd(
  stopReason: "cancel" | "timeout" | null,
  exit: { code: number | null; signal: NodeJS.Signals | null },
  timeoutSeconds: number,
): { state: ComputeState; message: string | null } {
  if (stopReason === "cancel") return { state: "cancelled", message: "cancelled" };
  if (stopReason === "timeout") return { state: "failed", message: `timed out after ${timeoutSeconds} seconds` };
  if (exit.code === 0) return { state: "succeeded", message: null };
  if (exit.code !== null) return { state: "failed", message: `exited with code ${exit.code}` };
  return { state: "failed", message: `killed by signal ${exit.signal ?? "unknown"}` };
}
