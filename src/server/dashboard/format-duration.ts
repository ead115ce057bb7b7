/**
 * A duration as people read it on a dashboard: `42s`, `3m 05s`, `2h 03m`. The client script
 * (assets/dashboard.js `formatDuration`) formats the same way; test/server/dashboard keeps them in step.
 */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "—";
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

/** Dollars with enough digits that a minute on a CPU flavor is not shown as $0.00. */
export function formatCost(usd: number | null): string {
  if (usd === null || !Number.isFinite(usd)) return "—";
  return `$${usd < 1 ? usd.toFixed(4) : usd.toFixed(2)}`;
}
