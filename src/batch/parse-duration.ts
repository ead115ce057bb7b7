import { OffloadError } from "../errors/offload-error.js";

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `30m`, `1h30m`, `2d` (or a bare number of seconds) in milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  const consumed = parts.map((part) => part[0]).join("");
  if (parts.length === 0 || consumed !== trimmed) {
    throw new OffloadError("OFFLOAD_BATCH_USAGE", `Invalid duration '${text}' in ${flag}: expected e.g. 90s, 30m, 1h30m or 2d`);
  }
  return parts.reduce((total, part) => total + Number(part[1]) * (UNITS[part[2] ?? "s"] ?? 1000), 0);
}

/** `1h 2m 3s` style, shortest form: `850ms`, `12s`, `3m 04s`, `1h 02m`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}
