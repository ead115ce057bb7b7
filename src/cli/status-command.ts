import type { Command } from "commander";
import type { ReadinessCheck } from "../domain/readiness.js";
import { addUrlOption, callDispatcher, getJson, readApiTarget, reportFailure, type ApiTarget } from "./dispatcher-api.js";
import { createTerminalStyle } from "./terminal-style.js";

/** Counted from one page of at most 500; more shows as `500+`. */
const PAGE = 500;

async function count(target: ApiTarget, path: string, key: "jobs" | "runners"): Promise<string> {
  const answer = await getJson<Record<string, unknown[]>>(target, `${path}&limit=${PAGE}`);
  const n = answer[key]?.length ?? 0;
  return n >= PAGE ? `${PAGE}+` : String(n);
}

/** `offload status`: is the dispatcher ready, and how much work is queued, running and booting. */
export function registerStatusCommand(program: Command): void {
  const command = program.command("status").description("readiness of a running dispatcher and its queued/running jobs and runners").option("--json", "print JSON");
  addUrlOption(command, process.env).action(async (options: { url?: string; json?: boolean }) => {
    const style = createTerminalStyle(process.stdout, process.stderr, process.env);
    const spinner = style.spinner("asking the dispatcher");
    try {
      const target = readApiTarget(options, process.env);
      // /readyz answers 503 when not ready; that is an answer here, not a failure.
      const ready = await callDispatcher(target, "GET", "/healthz").then(() => fetch(`${target.url}/readyz`)).then((r) => r.json() as Promise<{ ready: boolean; checks: Record<string, ReadinessCheck> }>);
      // Queued is the ledger's one count (as the dashboard and /metrics): jobs offload will run and waits for.
      const [queue, waiting, running, runners] = await Promise.all([
        getJson<{ queued: number; refused: { reason: string; count: number }[] }>(target, "/api/pools"),
        count(target, "/api/jobs?status=waiting", "jobs"),
        count(target, "/api/jobs?status=in_progress", "jobs"),
        count(target, "/api/runners?active=true", "runners"),
      ]);
      spinner.stop();
      const queued = queue.queued;
      const refused = queue.refused.reduce((n, r) => n + r.count, 0);
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify({ url: target.url, ...ready, counts: { queued, refused, waiting, inProgress: running, activeRunners: runners }, refused: queue.refused }, null, 2)}\n`);
      } else {
        const lines = [`offload at ${target.url}: ${ready.ready ? style.green("ready") : style.red("not ready")}`];
        for (const [name, check] of Object.entries(ready.checks)) lines.push(`  ${check.ok ? style.green("✓") : style.red("✗")} ${name}: ${check.detail}`);
        lines.push(`jobs: ${queued} queued, ${waiting} waiting, ${running} in progress · runners: ${runners} active`);
        for (const { reason, count: n } of queue.refused) lines.push(`  ${n} refused: ${reason}`);
        process.stdout.write(`${lines.join("\n")}\n`);
      }
      if (!ready.ready) process.exitCode = 1;
    } catch (error) {
      spinner.stop();
      reportFailure(error, process.stderr);
    }
  });
}
