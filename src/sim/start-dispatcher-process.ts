import { spawn, type ChildProcess } from "node:child_process";
import { openSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { findFreePort } from "./find-free-port.js";

/** USER_HZ: Linux reports process times in 1/100 s on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

const BIN = fileURLToPath(new URL("../../bin/offload", import.meta.url));

export interface DispatcherProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Peak resident memory of the process so far (VmHWM), in MiB. */
  peakRssMiB(): number;
  /** CPU time the process has used so far (user + system), in seconds. */
  cpuSeconds(): number;
  /** SIGKILL: no chance to finish anything, like a crash. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Runs `offload serve` as a separate process, as an operator would, and waits until it answers. */
export async function startDispatcherProcess(env: Record<string, string>, options: { logFile?: string } = {}): Promise<DispatcherProcess> {
  const port = await findFreePort();
  // OFFLOAD_PROFILE_DIR (benchmarks): write a V8 CPU profile of the dispatcher there on exit.
  const profile = process.env["OFFLOAD_PROFILE_DIR"];
  const nodeArgs = profile === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${profile}`];
  const child = spawn(process.execPath, [...nodeArgs, BIN, "serve"], {
    env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/tmp", ...env, PORT: String(port), HOST: "127.0.0.1" },
    // With `logFile`, the process's log lines (stdout) are appended there, for investigating a failure.
    stdio: ["ignore", options.logFile === undefined ? "ignore" : openSync(options.logFile, "a"), "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilHealthy(url, child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    url,
    child,
    peakRssMiB: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? "0");
      return kb / 1024;
    },
    cpuSeconds: () => {
      // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised command name): utime, stime in clock ticks.
      const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    },
    kill9: async () => {
      child.kill("SIGKILL");
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

async function waitUntilHealthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`offload serve exited with ${child.exitCode} before answering`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`offload serve did not answer /healthz at ${url} within 30 s`);
}
