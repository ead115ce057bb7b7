import type { RunnerUsage } from "../ledger/list-runner-usage.js";
import { computeCost, type RunnerCost } from "./compute-cost.js";

/** A runner's compute, as the ledger's usage read gives it (the pool key is not needed here). */
export type UsageRow = Omit<RunnerUsage, "poolKey">;

export interface CostLine extends RunnerCost {
  readonly runner: string;
  readonly jobId: number | null;
  readonly repo: string;
  readonly flavor: string;
  /** `YYYY-MM` (UTC) of the compute's start. */
  readonly month: string;
}

export interface CostSummary {
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
  readonly byRepository: Readonly<Record<string, number>>;
  readonly byOrganization: Readonly<Record<string, number>>;
  readonly byFlavor: Readonly<Record<string, number>>;
  readonly byMonth: Readonly<Record<string, number>>;
}

export interface Hardware {
  readonly priceUsdPerHour: number;
  readonly gpus: number;
}

function add(totals: Record<string, number>, key: string, usd: number): void {
  totals[key] = (totals[key] ?? 0) + usd;
}

/**
 * Cost per runner and its totals per repository, organisation, flavor and month: one pure
 * function behind the dashboard, `/api/costs` (JSON and CSV) and the budgets. A flavor with no
 * known price (`hardware` answers null) costs nothing and is still listed.
 */
export function summariseCosts(rows: readonly UsageRow[], hardware: (flavor: string) => Hardware | null, now: number): CostSummary {
  const byRepository: Record<string, number> = {};
  const byOrganization: Record<string, number> = {};
  const byFlavor: Record<string, number> = {};
  const byMonth: Record<string, number> = {};
  let totalUsd = 0;
  const lines = rows.map((row): CostLine => {
    const spec = hardware(row.flavor) ?? { priceUsdPerHour: 0, gpus: 0 };
    const cost = computeCost({ ...spec, launchedAt: row.launchedAt, busyAt: row.busyAt, endedAt: row.endedAt, now });
    const month = row.launchedAt.slice(0, 7);
    totalUsd += cost.usd;
    add(byRepository, row.repo, cost.usd);
    add(byOrganization, row.repo.split("/")[0] ?? row.repo, cost.usd);
    add(byFlavor, row.flavor, cost.usd);
    add(byMonth, month, cost.usd);
    return { ...cost, runner: row.name, jobId: row.jobId, repo: row.repo, flavor: row.flavor, month };
  });
  return { lines, totalUsd, byRepository, byOrganization, byFlavor, byMonth };
}

const CSV_COLUMNS = ["month", "repo", "flavor", "job_id", "runner", "seconds", "cold_start_seconds", "gpu_minutes", "usd"] as const;

function csvCell(value: string | number | null): string {
  const text = value === null ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The lines as CSV (RFC 4180), one runner a row, for spreadsheets. */
export function costsToCsv(summary: CostSummary): string {
  const rows = summary.lines.map((line) =>
    [line.month, line.repo, line.flavor, line.jobId, line.runner, Math.round(line.seconds), Math.round(line.coldStartSeconds), line.gpuMinutes.toFixed(2), line.usd.toFixed(4)].map(csvCell).join(","),
  );
  return [CSV_COLUMNS.join(","), ...rows].join("\r\n") + "\r\n";
}
