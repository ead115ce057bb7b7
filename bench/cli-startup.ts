import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startDispatcherProcess } from "../src/sim/start-dispatcher-process.js";
import { startSims } from "../src/sim/start-sims.js";

const BIN = fileURLToPath(new URL("../bin/offload", import.meta.url));
const COMMANDS: readonly (readonly string[])[] = [["--help"], ["flavors"], ["jobs", "--url", "http://127.0.0.1:9"]];

/** Median of a list of numbers. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Wall time of one whole `offload` process, in seconds (hyperfine-style: warm-up, then `runs` timed runs). */
function timeCommand(args: readonly string[], env: Record<string, string>, runs: number): { medianSeconds: number; minSeconds: number; maxSeconds: number } {
  const once = (): number => {
    const started = process.hrtime.bigint();
    spawnSync(process.execPath, [BIN, ...args], { env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/tmp", ...env }, stdio: "ignore" });
    return Number(process.hrtime.bigint() - started) / 1e9;
  };
  once();
  const times = Array.from({ length: runs }, once);
  return { medianSeconds: median(times), minSeconds: Math.min(...times), maxSeconds: Math.max(...times) };
}

/** Resident memory of an idle `offload serve` (configured against the simulators, no jobs), in MiB, after `settleMs`. */
async function idleServeRss(env: Record<string, string>, settleMs: number): Promise<number> {
  const sims = await startSims();
  const dataDir = mkdtempSync(join(tmpdir(), "offload-bench-rss-"));
  const dispatcher = await startDispatcherProcess({ ...sims.dispatcherEnv({ dataDir, reconcileIntervalSeconds: 5 }), ...env });
  try {
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const status = readFileSync(`/proc/${dispatcher.child.pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? "0") / 1024;
  } finally {
    await dispatcher.stop();
    await sims.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * `npm run bench -- cli-startup`: start-up time of `offload --help`, `offload flavors` and
 * `offload jobs` (against a closed port), from the TypeScript sources through tsx ("before",
 * OFFLOAD_FROM_SOURCE=1) and from the compiled dist/ ("after"; run `npm run build` first), and
 * the idle RSS of `offload serve` both ways.
 */
export async function runCliStartupBench(options: { runs: number; settleMs: number }): Promise<Record<string, unknown>> {
  const commands: Record<string, unknown> = {};
  for (const args of COMMANDS) {
    commands[args[0] ?? ""] = {
      beforeTsx: timeCommand(args, { OFFLOAD_FROM_SOURCE: "1" }, options.runs),
      afterDist: timeCommand(args, {}, options.runs),
    };
  }
  return {
    runs: options.runs,
    commands,
    serveIdleRssMiB: { beforeTsx: await idleServeRss({ OFFLOAD_FROM_SOURCE: "1" }, options.settleMs), afterDist: await idleServeRss({}, options.settleMs) },
  };
}
